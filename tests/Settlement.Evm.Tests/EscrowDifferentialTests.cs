using System.Diagnostics;
using System.Numerics;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Tests.Groth16;
using Settlement.Verifier.Venue;
using Xunit.Abstractions;

namespace Settlement.Evm.Tests;

/// <summary>
/// 1,000 bundles through both VenueVerifier (C#) and SettlementEscrow.acceptBundle on the pinned EVM, in one sequence on
/// evolving state: honest bundles that chain, and mutations of each (forged proofs, wrong statements, replayed, skipped
/// and reordered batches, another deployment's sizes or hash, tampered outputs, signatures and commitments, points
/// outside their groups, malformed bytes, price ticks and risk updates whose commitment, quorum or aggregate signature
/// fails, and an equivocating digest last). The verdicts must agree on every one, and
/// the contract's error must be the one that mirrors the C# reason (<see cref="Allowed"/>).
/// Proofs come from a key with a known trapdoor (a valid proof for any statement in a few scalar multiplications);
/// the contract's verifier for the deployment's real key is tested in ExampleContractTests.
/// </summary>
public class EscrowDifferentialTests(ITestOutputHelper output)
{
    private sealed record Case(string Label, byte[] Bundle, VenueVerdict Expected);

    [Fact]
    public void A_thousand_bundles_get_the_same_verdict_from_the_contract_and_VenueVerifier()
    {
        var w = new EscrowWorld();
        var rng = new Random(1818);
        var venue = w.NewVenue();
        var cases = new List<Case>();
        SettlementBundle? last = null;
        void Add(string label, byte[] bundle)
        {
            cases.Add(new(label, bundle, venue.Accept(bundle)));
            if (cases[^1].Expected.Accepted) last = SettlementBundle.FromBytes(bundle);
        }

        const int total = 1000;
        while (cases.Count < total - 1)
        {
            ulong next = last is null ? 0 : last.Statement.BatchIndex + 1;
            var outputs = Outputs(rng, last?.Outputs[EscrowWorld.Self].WithdrawalNext ?? 0);
            // A third of the batches carry a price tick, a third a risk update, by quorums of random members.
            var tick = rng.Next(3) == 0 ? w.Tick(rng, Members(rng, 5, 3), 1_700_000_000_000 + next) : null;
            var risk = rng.Next(3) == 0 ? w.Risk(rng, Members(rng, 3, 2), 1 + next / 4) : null;
            var good = w.Bundle(rng, venue.LastAcceptedRoot, next, outputs: outputs, tick: tick, risk: risk);
            // Mutations are built only when chosen (most re-sign and re-prove). One that is accepted (another venue's
            // outputs are not this venue's to check) goes last: after it, a re-signed mutation of the same batch would
            // be a real fork, and the venue would keep the evidence and accept nothing more.
            var chosen = Mutations(w, rng, good, last).OrderBy(_ => rng.Next()).Take(Math.Min(MutationsPerBatch, total - 2 - cases.Count))
                .OrderBy(m => m.Item1 == TamperedElsewhere).ToList();
            foreach (var (label, mutated) in chosen)
            {
                Add(label, mutated());
                if (cases[^1].Expected.Accepted) break; // e.g. a bit flip in another venue's outputs: the same reason
            }
            Add($"honest batch {next}", good.ToBytes());
        }
        // Last, because a venue that holds equivocation evidence accepts nothing more: the same batch on the same old
        // root, another digest, signed by every venue.
        var fork = w.Bundle(rng, last!.Statement.OldRoot, last.Statement.BatchIndex, outputs: last.Outputs.ToArray());
        Add("equivocating digest for the last accepted batch", fork.ToBytes());
        Assert.Equal(VenueError.Equivocation, cases[^1].Expected.Reason);
        int first = cases.FindIndex(c => c.Expected.Reason == VenueError.Equivocation);
        Assert.True(first == cases.Count - 1, $"equivocation before the end, at #{first}: " + string.Join(" | ", cases.Skip(Math.Max(0, first - 12)).Take(13).Select(c => $"{c.Label}: {c.Expected.Reason?.ToString() ?? "accepted"}")));

        var sw = Stopwatch.StartNew();
        var calls = cases.Select(c => EscrowWorld.Accept(c.Bundle)).ToList();
        Assert.Equal(total, cases.Count);
        // About a tenth of a second per fully verified bundle on this EVM (Poseidon in the interpreter, pairings in
        // mcl-wasm): minutes on a loaded machine, hence the longer limit.
        var result = Evm.Run(w.Sources(), EscrowWorld.Deploy(1000), calls, Evm.Bls.Mcl, TimeSpan.FromMinutes(15));
        output.WriteLine($"{cases.Count} bundles on the EVM in {sw.Elapsed.TotalSeconds:F1} s (one node process: compile, deploy, calls)");
        Assert.Empty(result.Warnings);
        var mismatches = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, r) = (cases[i], result.Calls[i]);
            bool agree = c.Expected.Accepted ? r.Success : !r.Success && r.Exception == "revert" && Allowed(c.Expected).Any(a => Matches(r.ReturnData, a));
            if (!agree) mismatches.Add($"#{i} {c.Label}: C# {(c.Expected.Accepted ? "accepts" : $"{c.Expected.Reason}: {c.Expected.Message}")}; contract {r}");
        }
        var accepted = cases.Count(c => c.Expected.Accepted);
        output.WriteLine($"{accepted} accepted, {cases.Count - accepted} refused; by reason: " + string.Join(", ",
            cases.Where(c => !c.Expected.Accepted).GroupBy(c => c.Expected.Reason).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} verdicts differ:\n" + string.Join("\n", mismatches.Take(40)));
        Assert.InRange(accepted, 80, 250);
    }

    /// <summary>
    /// The contract errors that mirror a C# refusal (a selector, or a selector and its argument). Malformed bundles stop
    /// at the first bad field in both, but the contract cannot tell a compressed point that does not decompress from a
    /// wrong decompression (PointMismatch), and learns that a point is outside its subgroup only from the precompile
    /// that uses it; it keeps no equivocation evidence, so a fork is an unexpected old root to it.
    /// </summary>
    private static IEnumerable<byte[]> Allowed(VenueVerdict v)
    {
        switch (v.Reason)
        {
            case VenueError.Malformed:
                yield return Selector("BundleMalformed(uint256)");
                yield return Selector("PointMismatch(uint256)");
                // A point outside its subgroup: the C# decoder refuses it first; the contract, in the precompile that
                // uses the point, so any check before that one may refuse the bundle first.
                if (v.Message.Contains("NotInSubgroup", StringComparison.Ordinal))
                    foreach (var later in (string[])["ConfigMismatch", "UnexpectedOldRoot", "OutputsMismatch", "OracleCommitmentMismatch", "QuorumNotMet",
                        "OracleSignatureInvalid", "RiskCommitmentMismatch", "RiskSignatureInvalid", "ProofInvalid"])
                        yield return EscrowWorld.Error(later);
                if (v.Message.Contains("NotInSubgroup", StringComparison.Ordinal))
                    yield return Selector("VenueSignatureInvalid(uint256)");
                break;
            case VenueError.Equivocation: yield return EscrowWorld.Error("UnexpectedOldRoot"); break;
            case VenueError.VenueSignatureInvalid:
                yield return EscrowWorld.Error("VenueSignatureInvalid", int.Parse(System.Text.RegularExpressions.Regex.Match(v.Message, @"venue (\d+)'s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case { } reason: yield return EscrowWorld.Error(reason.ToString()); break;
        }
    }

    private static byte[] Selector(string signature) => Settlement.Prover.Solidity.Keccak256.Selector(signature);

    private static bool Matches(byte[] revert, byte[] allowed) =>
        allowed.Length == 4 ? revert.Length >= 4 && revert.AsSpan(0, 4).SequenceEqual(allowed) : revert.AsSpan().SequenceEqual(allowed);

    /// <summary>Every venue's outputs: empty, except sometimes withdrawals at this escrow's venue, from the next id.</summary>
    private static VenueOutputs[] Outputs(Random rng, ulong released)
    {
        var o = EscrowWorld.NoOutputs();
        int count = rng.Next(3);
        var wds = Enumerable.Range(0, count).Select(k => new WithdrawalOutput(released + (ulong)k, (uint)rng.Next(1 << 20), (ushort)rng.Next(EscrowWorld.Assets), (ulong)rng.Next(1, 1_000_000))).ToArray();
        var flows = new UInt128[EscrowWorld.Venues * EscrowWorld.Assets];
        flows[rng.Next(flows.Length)] = (UInt128)rng.NextInt64(1L << 62);
        o[EscrowWorld.Self] = new VenueOutputs(0, 0, released, released + (ulong)count, wds, flows, new UInt128[flows.Length]);
        return o;
    }

    /// <summary>At least <paramref name="quorum"/> of <paramref name="n"/> members, in increasing order.</summary>
    private static int[] Members(Random rng, int n, int quorum) =>
        [.. Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(rng.Next(quorum, n + 1)).Order()];

    private static IEnumerable<(string, Func<byte[]>)> Mutations(EscrowWorld w, Random rng, SettlementBundle good, SettlementBundle? last)
    {
        var s = good.Statement;
        var bytes = good.ToBytes();
        var outs = good.Outputs.ToArray();
        int v = rng.Next(EscrowWorld.Venues);
        // The tick and the update the mutations below start from: the bundle's own, or new ones.
        ulong time = 1_700_000_000_000 + s.BatchIndex, epoch = 1 + s.BatchIndex / 4;
        var tick = good.Oracle ?? w.Tick(rng, Members(rng, 5, 3), time);
        var risk = good.Risk ?? w.Risk(rng, Members(rng, 3, 2), epoch);
        SettlementBundle With(OracleTick? t, RiskParameters? r) => w.Bundle(rng, s.OldRoot, s.BatchIndex, outputs: outs, tick: t, risk: r);
        yield return ("price tick below the quorum", () => With(w.Tick(rng, Members(rng, 5, 2)[..2], time), good.Risk).ToBytes());
        yield return ("price tick whose reports do not hash to oracleCommitment", () => (good with { Oracle = w.Tick(rng, Members(rng, 5, 3), time) }).ToBytes());
        yield return ("price tick with a price changed after signing", () => With(ChangedPrice(tick), good.Risk).ToBytes());
        yield return ("price tick with a member's reports signed by another member", () => With(w.Tick(rng, tick.Signers.Select(x => x.Signer).ToArray(), time, j => w.OracleKeys[(j + 1) % 5]), good.Risk).ToBytes());
        yield return ("price tick's aggregate signature at infinity", () => With(tick with { AggregateSignature = Infinity(96) }, good.Risk).ToBytes());
        yield return ("price tick's aggregate signature outside G2", () => With(tick with { AggregateSignature = G2Encoding.Compress(Groth16Fixtures.TwistPointOutsideG2()) }, good.Risk).ToBytes());
        yield return ("risk update below the quorum", () => With(good.Oracle, w.Risk(rng, [rng.Next(3)], epoch)).ToBytes());
        yield return ("risk update whose parameters do not hash to riskCommitment", () => (good with { Risk = w.Risk(rng, Members(rng, 3, 2), epoch) }).ToBytes());
        yield return ("risk update with a Greek changed after signing", () => With(good.Oracle, risk with { Instruments = [.. risk.Instruments.Select((x, i) => i == 1 ? x with { Gamma = x.Gamma + 1 } : x)] }).ToBytes());
        yield return ("risk update signed by a non-member", () => With(good.Oracle, w.Risk(rng, risk.Signers.ToArray(), epoch, j => j == risk.Signers[0] ? w.OracleKeys[j] : w.RiskKeys[j])).ToBytes());
        yield return ("risk update's aggregate signature at infinity", () => With(good.Oracle, risk with { AggregateSignature = Infinity(96) }).ToBytes());
        yield return ("another configuration hash", () => w.Bundle(rng, s.OldRoot, s.BatchIndex, outputs: outs, edit: x => x with { ConfigHash = Fr.Random(rng) }).ToBytes());
        yield return ("another deployment's instrument count", () => Patch(bytes, 10, [0, 4]));
        yield return ("another deployment's oracle size", () => Patch(bytes, 12, [0, 6]));
        yield return ("wrong old root", () => w.Bundle(rng, Fr.Random(rng), s.BatchIndex, outputs: outs).ToBytes());
        yield return ("skipped batch", () => w.Bundle(rng, s.OldRoot, s.BatchIndex + 1 + (ulong)rng.Next(3), outputs: outs).ToBytes());
        if (last is not null)
        {
            yield return ("replayed last batch", () => last.ToBytes());
            yield return ("reordered: the last batch's index on the current root", () => w.Bundle(rng, s.OldRoot, last.Statement.BatchIndex, outputs: outs).ToBytes());
        }
        yield return ("tampered own outputs", () => Tamper(good, EscrowWorld.Self));
        yield return (TamperedElsewhere, () => Tamper(good, (EscrowWorld.Self + 1) % EscrowWorld.Venues));
        yield return ("oracle commitment without a tick", () => w.Bundle(rng, s.OldRoot, s.BatchIndex, outputs: outs, edit: x => x with { OracleCommitment = Fr.Random(rng) }).ToBytes());
        yield return ("risk commitment without an update", () => w.Bundle(rng, s.OldRoot, s.BatchIndex, outputs: outs, edit: x => x with { RiskCommitment = Fr.Random(rng) }).ToBytes());
        var keys = w.VenueKeys.ToArray();
        keys[v] = w.VenueKeys[(v + 1) % EscrowWorld.Venues];
        yield return ($"venue {v} signed with another venue's key", () => w.Signed(rng, s, outs, keys).ToBytes());
        yield return ($"venue {v} signed with an oracle key", () => w.Signed(rng, s, outs, [.. w.VenueKeys.Select((k, i) => i == v ? w.OracleKeys[0] : k)]).ToBytes());
        var sigs = good.VenueSignatures.ToArray();
        (sigs[v], sigs[(v + 1) % sigs.Length]) = (sigs[(v + 1) % sigs.Length], sigs[v]);
        yield return ("two venues' signatures swapped", () => (good with { VenueSignatures = sigs }).ToBytes());
        var other = w.Bundle(rng, s.OldRoot, s.BatchIndex, outputs: outs);
        yield return ($"venue {v}'s signature over another digest", () => (good with { VenueSignatures = [.. good.VenueSignatures.Select((x, i) => i == v ? other.VenueSignatures[i] : x)] }).ToBytes());
        yield return ($"venue {v}'s signature at infinity", () => (good with { VenueSignatures = [.. good.VenueSignatures.Select((x, i) => i == v ? Infinity(96) : x)] }).ToBytes());
        yield return ($"venue {v}'s signature outside G2", () => (good with { VenueSignatures = [.. good.VenueSignatures.Select((x, i) => i == v ? G2Encoding.Compress(Groth16Fixtures.TwistPointOutsideG2()) : x)] }).ToBytes());
        yield return ("the proof of another statement", () => (good with { Proof = other.Proof }).ToBytes());
        yield return ("new root not covered by the proof", () => (good with { Statement = s with { NewRoot = Fr.Random(rng) } }).ToBytes());
        yield return ("epoch not covered by the proof", () => (good with { Statement = s with { Epoch = s.Epoch + 1 } }).ToBytes());
        yield return ("proof A at infinity", () => Patch(bytes, ProofAt(), Infinity(48)));
        yield return ("proof B outside G2", () => Patch(bytes, ProofAt() + 48, G2Encoding.Compress(Groth16Fixtures.TwistPointOutsideG2())));
        yield return ("truncated", () => bytes[..^rng.Next(1, 40)]);
        yield return ("overlong", () => [.. bytes, .. new byte[rng.Next(1, 40)]]);
        yield return ("new root ≥ r", () => Patch(bytes, 16 + 80, Bytes.BigEndian(Verdicts.R + rng.Next(100), 32)));
        yield return ("halted mask beyond the assets", () => Patch(bytes, 16 + 176 + 64 * EscrowWorld.Venues, Bytes.BigEndian(4, 8)));
        yield return ("flag byte 2", () => Patch(bytes, ProofAt() + 192, [2]));
        for (int k = 0; k < 6; k++)
        {
            var b = (byte[])bytes.Clone();
            int at = rng.Next(b.Length);
            b[at] ^= (byte)(1 << rng.Next(8));
            yield return ($"bit flip at byte {at}", () => b);
        }
    }

    private const string TamperedElsewhere = "tampered outputs of another venue";

    // Mutations before each honest bundle: honest bundles cost the most on the EVM (every check, storage).
    private const int MutationsPerBatch = 9;

    private static int ProofAt() => 16 + 184 + 64 * EscrowWorld.Venues;

    /// <summary>The bundle with one flow of venue <paramref name="v"/> changed after signing and proving.</summary>
    private static byte[] Tamper(SettlementBundle b, int v)
    {
        var outs = b.Outputs.ToArray();
        var flows = outs[v].FlowsIn.ToArray();
        flows[0] += 1;
        outs[v] = outs[v] with { FlowsIn = flows };
        return (b with { Outputs = outs }).ToBytes();
    }

    /// <summary>The tick with one reported price changed, its aggregate signature kept.</summary>
    private static OracleTick ChangedPrice(OracleTick t)
    {
        var first = t.Signers[0];
        var reports = first.Reports.ToArray();
        reports[0] = reports[0] with { Price = reports[0].Price ^ 1 };
        return t with { Signers = [first with { Reports = reports }, .. t.Signers.Skip(1)] };
    }

    private static byte[] Infinity(int size) { var b = new byte[size]; b[0] = 0xc0; return b; }

    private static byte[] Patch(byte[] b, int at, byte[] with) { var c = (byte[])b.Clone(); with.CopyTo(c, at); return c; }
}
