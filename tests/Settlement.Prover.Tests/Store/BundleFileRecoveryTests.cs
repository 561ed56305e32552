using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Store;

/// <summary>
/// A crash between the store commit and the bundle file writes (issue 12 §5): the batch is settled in the store but
/// bundles/batch-n.stlb is missing or partial. Resubmitting the same batch file must restore the files from the store.
/// </summary>
public class BundleFileRecoveryTests
{
    [Fact]
    public void A_resubmitted_batch_rewrites_a_lost_or_partial_bundle_file()
    {
        var d = SampleDeployment.Init(Directory.CreateTempSubdirectory("settle-files-").FullName, new SampleDeployment.Sizes(4, 2, 2));
        using var svc = new SettlementService(d);
        var (ops, after, changed, r) = CrashHost.Apply(d, svc.Store, 0);

        // The bundle as the prover would store it; the proof is a well-formed stand-in (no proving key is needed to
        // test the files, and the store does not verify proofs).
        var tick = ops.OfType<PriceTick>().Single();
        var risk = ops.OfType<RiskUpdate>().Single();
        var proof = ProofEncoding.Compress(new Proof(G1Affine.Generator, G2Affine.Generator, G1Affine.Generator));
        var venueSig = Settlement.Verifier.Bls.PopScheme.Sign(d.LoadDevKeys().Venues[0], [1]).ToBytes();
        var bundle = new SettlementBundle(svc.Config.C, svc.Config.NI, svc.Config.Oracle.Members.Count, svc.Config.RiskCommittee.Members.Count,
            r.Statement, proof, Commitments.ToOracleTick(tick, tick.AggregateSignature!),
            new RiskParameters((ulong)risk.Epoch, [.. risk.Sigmas.Select(x => (ulong)x)], risk.Instruments, risk.Signers!, risk.AggregateSignature!),
            [.. Enumerable.Repeat(venueSig, svc.Config.V)], r.Outputs);
        var bytes = bundle.ToBytes();
        svc.Store.Commit(new BatchCommit(0, BatchFile.Write(ops), changed, after.Epoch,
            SqliteSettlementStore.Hex(r.Statement.OldRoot), SqliteSettlementStore.Hex(r.Statement.NewRoot),
            SqliteSettlementStore.Hex(r.Statement.Hash()), BundleJson.Write(bundle), proof, 1, bytes));
        // ...and the process died here, before writing bundles/batch-0.*.
        var stlb = d.BundlePath(0, "stlb");
        var json = d.BundlePath(0, "json");
        Assert.False(File.Exists(stlb));

        var again = svc.Prove(ops);
        Assert.True(again.AlreadyStored);
        Assert.Equal(bytes, File.ReadAllBytes(stlb));
        Assert.Equal(bundle, SettlementBundle.FromJson(File.ReadAllText(json)));

        // A partial file (the crash came mid-write) is replaced too; a complete one is left as it is.
        File.WriteAllBytes(stlb, bytes[..100]);
        File.Delete(json);
        svc.Prove(ops);
        Assert.Equal(bytes, File.ReadAllBytes(stlb));
        Assert.True(File.Exists(json));
        var written = File.GetLastWriteTimeUtc(stlb);
        File.SetLastWriteTimeUtc(stlb, written.AddHours(-1));
        svc.Prove(ops);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(stlb));
        Assert.Empty(Directory.GetFiles(d.BundlesDir, "*.tmp"));
    }
}
