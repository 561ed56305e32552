using System.Buffers.Binary;
using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>
/// The binary bundle format, version 2 (docs/spec.md §8.1, big-endian). Decoding is strict: a truncated, extended,
/// non-canonical or internally inconsistent bundle is refused with the field that is wrong, before any cryptography.
/// </summary>
public static class BundleCodec
{
    private static readonly byte[] Magic = "STLB"u8.ToArray();
    private static readonly BigInteger FlowLimit = BigInteger.One << 73;

    /// <summary>The version-2 binary encoding of <paramref name="b"/>.</summary>
    public static byte[] Encode(SettlementBundle b)
    {
        var w = new Writer();
        int v = b.VenueCount, c = b.AssetCount, ni = b.InstrumentCount;
        if (b.Outputs.Count != v || b.VenueSignatures.Count != v)
            throw new BundleFormatException("venues", $"{v} venues in the statement, {b.Outputs.Count} outputs and {b.VenueSignatures.Count} signatures");
        w.Bytes(Magic); w.U16(SettlementBundle.Version); w.U16(v); w.U16(c); w.U16(ni); w.U16(b.OracleMembers); w.U16(b.RiskMembers);
        var s = b.Statement;
        w.Field(s.ConfigHash); w.U64(s.Epoch); w.U64(s.BatchIndex); w.Field(s.OldRoot); w.Field(s.NewRoot);
        w.Field(s.OracleCommitment); w.Field(s.RiskCommitment);
        foreach (var x in s.OpsCommitments) w.Field(x);
        foreach (var x in s.OutputsCommitments) w.Field(x);
        w.U64(s.HaltedMask);
        w.Fixed(b.Proof, SettlementBundle.ProofSize, "proof");
        if (b.Oracle is { } o)
        {
            w.U8(1); w.U64(o.Time);
            w.Bitmap(o.Signers.Select(x => x.Signer), b.OracleMembers, "oracle.signers");
            w.Fixed(o.AggregateSignature, SettlementBundle.SignatureSize, "oracle.aggregateSignature");
            foreach (var sr in o.Signers)
            {
                w.U16(sr.Reports.Count);
                foreach (var r in sr.Reports) { w.U16(r.AssetId); w.U64(r.Price); w.U64(r.Timestamp); }
            }
        }
        else w.U8(0);
        if (b.Risk is { } rk)
        {
            w.U8(1); w.U64(rk.Epoch);
            if (rk.Sigmas.Count != c) throw new BundleFormatException("risk.sigmas", $"{rk.Sigmas.Count} values for {c} assets");
            if (rk.Instruments.Count != ni) throw new BundleFormatException("risk.instruments", $"{rk.Instruments.Count} entries for {ni} instruments");
            foreach (var x in rk.Sigmas) w.U64(x);
            foreach (var i in rk.Instruments) { w.U64(i.Mark); w.U64((ulong)i.Delta); w.U64((ulong)i.Gamma); }
            w.Bitmap(rk.Signers, b.RiskMembers, "risk.signers");
            w.Fixed(rk.AggregateSignature, SettlementBundle.SignatureSize, "risk.aggregateSignature");
        }
        else w.U8(0);
        for (int i = 0; i < v; i++) w.Fixed(b.VenueSignatures[i], SettlementBundle.SignatureSize, $"venueSignatures[{i}]");
        foreach (var out_ in b.Outputs)
        {
            w.U64(out_.DepositFirst); w.U64(out_.DepositNext); w.U64(out_.WithdrawalFirst); w.U64(out_.WithdrawalNext);
            w.U32((uint)out_.Withdrawals.Count);
            foreach (var x in out_.Withdrawals) { w.U64(x.WithdrawalId); w.U32(x.AccountId); w.U16(x.Asset); w.U64(x.Amount); }
            foreach (var f in out_.FlowsOut) w.U128(f);
            foreach (var f in out_.FlowsIn) w.U128(f);
        }
        return w.ToArray();
    }

    /// <summary>
    /// Decodes a version-2 bundle; throws <see cref="BundleFormatException"/> naming the field when the input is truncated,
    /// extended, non-canonical, inconsistent, or another version.
    /// </summary>
    public static SettlementBundle Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new Reader(bytes.ToArray());
        var g1 = new List<(byte[], G1Affine)>();
        var g2 = new List<(byte[], G2Affine)>();
        if (!r.Take(4, "magic").SequenceEqual(Magic)) throw new BundleFormatException("magic", "not a settlement bundle (expected \"STLB\")");
        int version = r.U16("version");
        if (version != SettlementBundle.Version) throw SettlementBundle.UnsupportedVersion(version);
        int v = r.U16("venueCount"), c = r.U16("assetCount"), ni = r.U16("instrumentCount"), nOracle = r.U16("oracleMembers"), nRisk = r.U16("riskMembers");
        if (v == 0) throw new BundleFormatException("venueCount", "must be at least 1");
        if (c == 0 || c > 64) throw new BundleFormatException("assetCount", $"{c} is outside 1..64");
        // Every count is bounded by the bytes that remain before anything is allocated for it, so a crafted count
        // cannot make decoding allocate more than a small multiple of the input's size.
        r.Need(v, 2 * 32 + SettlementBundle.SignatureSize, "venueCount");
        var configHash = r.Field("statement.configHash");
        ulong epoch = r.U64("statement.epoch"), batchIndex = r.U64("statement.batchIndex");
        var oldRoot = r.Field("statement.oldRoot"); var newRoot = r.Field("statement.newRoot");
        var oracleC = r.Field("statement.oracleCommitment"); var riskC = r.Field("statement.riskCommitment");
        var ops = new Fr[v]; var outs = new Fr[v];
        for (int i = 0; i < v; i++) ops[i] = r.Field($"statement.opsCommitment[{i}]");
        for (int i = 0; i < v; i++) outs[i] = r.Field($"statement.outputsCommitment[{i}]");
        ulong halted = r.U64("statement.haltedMask");
        if (c < 64 && (halted >> c) != 0) throw new BundleFormatException("statement.haltedMask", $"marks an asset beyond the {c} assets");
        var statement = new Statement(configHash, epoch, batchIndex, oldRoot, newRoot, oracleC, riskC, ops, outs, halted);

        var proof = r.Take(SettlementBundle.ProofSize, "proof").ToArray();
        CheckG1(proof.AsSpan(0, 48), "proof.a", g1);
        CheckG2(proof.AsSpan(48, 96), "proof.b", g2);
        CheckG1(proof.AsSpan(144, 48), "proof.c", g1);

        OracleTick? oracle = null;
        if (r.Flag("oracle.present"))
        {
            ulong time = r.U64("oracle.time");
            var signers = r.Bitmap(nOracle, "oracle.signers");
            if (signers.Count == 0) throw new BundleFormatException("oracle.signers", "a price tick needs at least one signer");
            var sig = r.Take(SettlementBundle.SignatureSize, "oracle.aggregateSignature").ToArray();
            CheckG2(sig, "oracle.aggregateSignature", g2);
            var list = new List<SignerReports>();
            foreach (int j in signers)
            {
                int count = r.U16($"oracle.reports[{j}].count");
                if (count == 0) throw new BundleFormatException($"oracle.reports[{j}]", "a member in the bitmap must report at least one price");
                if (count > c) throw new BundleFormatException($"oracle.reports[{j}]", $"{count} reports for {c} assets");
                r.Need(count, 2 + 8 + 8, $"oracle.reports[{j}].count");
                var reports = new OracleReport[count];
                for (int k = 0; k < count; k++)
                {
                    var rep = new OracleReport((ushort)r.U16($"oracle.reports[{j}][{k}].assetId"), r.U64($"oracle.reports[{j}][{k}].price"), r.U64($"oracle.reports[{j}][{k}].timestamp"));
                    if (rep.AssetId >= c) throw new BundleFormatException($"oracle.reports[{j}][{k}].assetId", $"asset {rep.AssetId} does not exist ({c} assets)");
                    if (k > 0 && rep.AssetId <= reports[k - 1].AssetId) throw new BundleFormatException($"oracle.reports[{j}][{k}].assetId", "asset ids must be strictly increasing");
                    reports[k] = rep;
                }
                list.Add(new SignerReports(j, reports));
            }
            oracle = new OracleTick(time, list, sig);
        }

        RiskParameters? risk = null;
        if (r.Flag("risk.present"))
        {
            ulong e = r.U64("risk.epoch");
            r.Need(c, 8, "assetCount");
            r.Need(ni, 3 * 8, "instrumentCount");
            var sigmas = new ulong[c];
            for (int i = 0; i < c; i++) sigmas[i] = r.U64($"risk.sigmas[{i}]");
            var inst = new InstrumentRisk[ni];
            for (int i = 0; i < ni; i++) inst[i] = new InstrumentRisk(r.U64($"risk.instruments[{i}].mark"), (long)r.U64($"risk.instruments[{i}].delta"), (long)r.U64($"risk.instruments[{i}].gamma"));
            var signers = r.Bitmap(nRisk, "risk.signers");
            var sig = r.Take(SettlementBundle.SignatureSize, "risk.aggregateSignature").ToArray();
            CheckG2(sig, "risk.aggregateSignature", g2);
            risk = new RiskParameters(e, sigmas, inst, signers, sig);
        }

        var venueSigs = new byte[v][];
        for (int i = 0; i < v; i++)
        {
            venueSigs[i] = r.Take(SettlementBundle.SignatureSize, $"venueSignatures[{i}]").ToArray();
            CheckG2(venueSigs[i], $"venueSignatures[{i}]", g2);
        }

        var outputs = new VenueOutputs[v];
        for (int i = 0; i < v; i++)
        {
            string f = $"outputs[{i}]";
            ulong df = r.U64(f + ".depositFirst"), dn = r.U64(f + ".depositNext"), wf = r.U64(f + ".withdrawalFirst"), wn = r.U64(f + ".withdrawalNext");
            if (dn < df) throw new BundleFormatException(f + ".depositNext", $"{dn} is below depositFirst {df}");
            if (wn < wf) throw new BundleFormatException(f + ".withdrawalNext", $"{wn} is below withdrawalFirst {wf}");
            uint count = r.U32(f + ".withdrawals.count");
            if (count != wn - wf) throw new BundleFormatException(f + ".withdrawals", $"{count} withdrawals for the id range [{wf}, {wn})");
            r.Need(count, 8 + 4 + 2 + 8, f + ".withdrawals.count");
            var wds = new WithdrawalOutput[count];
            for (int k = 0; k < count; k++)
            {
                var wd = new WithdrawalOutput(r.U64($"{f}.withdrawals[{k}].withdrawalId"), r.U32($"{f}.withdrawals[{k}].accountId"), (ushort)r.U16($"{f}.withdrawals[{k}].asset"), r.U64($"{f}.withdrawals[{k}].amount"));
                if (wd.WithdrawalId != wf + (ulong)k) throw new BundleFormatException($"{f}.withdrawals[{k}].withdrawalId", $"expected {wf + (ulong)k} (ids are consecutive)");
                if (wd.Asset >= c) throw new BundleFormatException($"{f}.withdrawals[{k}].asset", $"asset {wd.Asset} does not exist ({c} assets)");
                if (wd.Amount == 0 || wd.Amount >= 1UL << 63) throw new BundleFormatException($"{f}.withdrawals[{k}].amount", $"{wd.Amount} is outside [1, 2^63)");
                wds[k] = wd;
            }
            r.Need(v * c, 2 * 16, f + ".flows");
            var fo = new UInt128[v * c]; var fi = new UInt128[v * c];
            for (int k = 0; k < fo.Length; k++) fo[k] = r.Flow($"{f}.flowsOut[{k}]");
            for (int k = 0; k < fi.Length; k++) fi[k] = r.Flow($"{f}.flowsIn[{k}]");
            outputs[i] = new VenueOutputs(df, dn, wf, wn, wds, fo, fi);
        }
        if (r.Remaining != 0) throw new BundleFormatException("end", $"{r.Remaining} bytes after the last field");
        return new SettlementBundle(c, ni, nOracle, nRisk, statement, proof, oracle, risk, venueSigs, outputs) { Decoded = new DecodedPoints([.. g1], [.. g2]) };
    }

    // Each point is checked here, and kept (with a copy of its encoding) so that VenueVerifier.Check need not decompress it again.
    private static void CheckG1(ReadOnlySpan<byte> b, string field, List<(byte[], G1Affine)> decoded)
    {
        if (!G1Encoding.TryDecompress(b, out var p, out var e)) throw new BundleFormatException(field, $"not a valid compressed G1 point ({e})");
        decoded.Add((b.ToArray(), p));
    }

    private static void CheckG2(ReadOnlySpan<byte> b, string field, List<(byte[], G2Affine)> decoded)
    {
        if (!G2Encoding.TryDecompress(b, out var p, out var e)) throw new BundleFormatException(field, $"not a valid compressed G2 point ({e})");
        decoded.Add((b.ToArray(), p));
    }

    private sealed class Writer
    {
        private readonly List<byte> _b = [];
        public void Bytes(ReadOnlySpan<byte> x) { foreach (var y in x) _b.Add(y); }
        public void U8(int x) => _b.Add((byte)x);
        public void U16(int x) { Span<byte> s = stackalloc byte[2]; BinaryPrimitives.WriteUInt16BigEndian(s, checked((ushort)x)); Bytes(s); }
        public void U32(uint x) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(s, x); Bytes(s); }
        public void U64(ulong x) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteUInt64BigEndian(s, x); Bytes(s); }
        public void U128(UInt128 x) { Span<byte> s = stackalloc byte[16]; BinaryPrimitives.WriteUInt128BigEndian(s, x); Bytes(s); }
        public void Field(in Fr x) { Span<byte> s = stackalloc byte[32]; x.ToBytesBE(s); Bytes(s); }
        public void Fixed(byte[] x, int size, string field)
        {
            if (x.Length != size) throw new BundleFormatException(field, $"{x.Length} bytes, expected {size}");
            Bytes(x);
        }
        public void Bitmap(IEnumerable<int> members, int n, string field)
        {
            var m = new byte[(n + 7) / 8];
            int last = -1;
            foreach (int j in members)
            {
                if (j <= last || j >= n) throw new BundleFormatException(field, $"member {j} is out of order or beyond the {n} members");
                m[j / 8] |= (byte)(1 << (j % 8));
                last = j;
            }
            Bytes(m);
        }
        public byte[] ToArray() => [.. _b];
    }

    private sealed class Reader(byte[] data)
    {
        private int _pos;
        public int Remaining => data.Length - _pos;

        public ReadOnlySpan<byte> Take(int n, string field)
        {
            if (Remaining < n) throw new BundleFormatException(field, $"truncated: needs {n} bytes, {Remaining} left");
            var s = data.AsSpan(_pos, n);
            _pos += n;
            return s;
        }

        /// <summary>Refuses a count of items that cannot fit in the remaining bytes (at least <paramref name="bytesPerItem"/> each).</summary>
        public void Need(long count, int bytesPerItem, string field)
        {
            if (count < 0 || count * bytesPerItem > Remaining)
                throw new BundleFormatException(field, $"truncated: {count} entries need at least {count * bytesPerItem} bytes, {Remaining} left");
        }

        public int U16(string f) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, f));
        public uint U32(string f) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, f));
        public ulong U64(string f) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, f));

        public bool Flag(string f)
        {
            byte x = Take(1, f)[0];
            if (x > 1) throw new BundleFormatException(f, $"flag byte {x} is neither 0 nor 1");
            return x == 1;
        }

        public Fr Field(string f)
        {
            if (!Fr.TryFromBytesBE(Take(32, f), out var x)) throw new BundleFormatException(f, "field element is not below r (non-canonical)");
            return x;
        }

        public UInt128 Flow(string f)
        {
            var x = BinaryPrimitives.ReadUInt128BigEndian(Take(16, f));
            if ((BigInteger)x >= FlowLimit) throw new BundleFormatException(f, "flow is not below 2^73");
            return x;
        }

        public List<int> Bitmap(int n, string f)
        {
            var m = Take((n + 7) / 8, f);
            var members = new List<int>();
            for (int j = 0; j < m.Length * 8; j++)
            {
                if ((m[j / 8] >> (j % 8) & 1) == 0) continue;
                if (j >= n) throw new BundleFormatException(f, $"bit {j} is set but there are only {n} members");
                members.Add(j);
            }
            return members;
        }
    }
}
