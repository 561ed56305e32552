using System.Diagnostics;
using System.Globalization;
using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Bench.ProofTime;

/// <summary>One size of the side-by-side run: our prover and `snarkjs groth16 prove` on the same .zkey and .wtns.</summary>
public sealed record ComparisonRow(
    int Power, long Constraints, long ZkeyBytes, Spread Setup, Spread OursLoad, Spread Ours, Spread OursFft, Spread OursMsm, Spread OursPeak,
    Spread Snarkjs, Spread SnarkjsPeak, bool OursVerifies, bool SnarkjsVerifiesOurs, bool SnarkjsProofVerifiesOurs,
    bool SnarkjsProofVerifiesSnarkjs, double LoadBefore, double LoadAfter)
{
    /// <summary>snarkjs time / our prove time (above 1: we are faster).</summary>
    public double Ratio => Snarkjs.Median / Ours.Median;

    /// <summary>snarkjs time / our load (.zkey + .wtns) + prove time, closer to what the snarkjs process does.</summary>
    public double RatioWithLoad => Snarkjs.Median / (OursLoad.Median + Ours.Median);
}

/// <summary>
/// The chain circuit of 2^p − 3 constraints compiled by circom2 (bench/snarkjs/compare.sh build): our dev setup writes
/// the .zkey (snarkjs format), then for each repeat snarkjs and our prover (alternating, snarkjs first) prove the same
/// .zkey + .wtns (ours reads both files in every run, timed apart from proving); every proof is verified, ours and snarkjs's by our verifier and the last of each by `snarkjs groth16 verify`.
/// </summary>
public static class SnarkjsComparison
{
    public static ComparisonRow Run(int power, string r1csPath, string wtnsPath, string snarkjs, Options o, Action<string> log)
    {
        double load0 = Machine.LoadAverage();
        string dir = Path.Combine(o.Temp, $"prooftime-cmp-{power}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var r1cs = R1csFile.Read(r1csPath);
            var sw = Stopwatch.StartNew();
            var setupKey = DevSetup.Create(r1cs, o.Threads);
            var setup = Spread.Of([sw.Elapsed.TotalSeconds]);
            string zkey = Path.Combine(dir, "circuit.zkey");
            ZkeyFile.Write(zkey, setupKey);
            setupKey = null;
            log($"  2^{power}: {r1cs.NumConstraints} constraints, setup {Spread.Seconds(setup.Median)}, zkey {new FileInfo(zkey).Length} B");

            // Our prover reads the very files snarkjs reads, in every run (load time and peak memory include the reading).
            var vk = ZkeyFile.Read(zkey, checkTables: false, threads: o.Threads).VerifyingKey;
            var pvk = new PreparedVerifyingKey(vk);
            string vkJson = Path.Combine(dir, "verification_key.json");
            File.WriteAllText(vkJson, SnarkJsJson.WriteVerifyingKey(vk));
            Fr[] publics = [];

            var ours = new List<ProveTiming>();
            var load = new List<double>();
            var theirs = new List<(double Wall, long PeakBytes)>();
            bool oursOk = true, theirsOk = true;
            string proofJson = Path.Combine(dir, "proof.json"), publicJson = Path.Combine(dir, "public.json");
            for (int i = 0; i < o.Repeats; i++)
            {
                var s = RunSnarkjsProve(snarkjs, zkey, wtnsPath, proofJson, publicJson, dir);
                theirs.Add(s);
                var sp = SnarkJsJson.ReadProof(File.ReadAllText(proofJson));
                theirsOk &= Groth16Verifier.Verify(pvk, sp, SnarkJsJson.ReadPublicInputs(File.ReadAllText(publicJson)));

                PeakMemory.CollectAndReset();
                sw.Restart();
                var pk = ZkeyFile.Read(zkey, checkTables: false, threads: o.Threads, tablesInFile: true); // as `settle groth16 prove` reads it
                var witness = WtnsFile.Read(wtnsPath);
                var prover = new Groth16Prover(pk);
                load.Add(sw.Elapsed.TotalSeconds);
                var t = ProveTiming.Run(prover, witness, o.Threads, resetPeak: false);
                ours.Add(t);
                publics = witness.AsSpan(1, pk.NumPublic).ToArray();
                oursOk &= Groth16Verifier.Verify(pvk, t.Proof, publics);
                log($"  2^{power} run {i + 1}: snarkjs {Spread.Seconds(s.Wall)} ({Spread.MiB(s.PeakBytes)}), ours load {Spread.Seconds(load[^1])} + prove {Spread.Seconds(t.Total)} ({Spread.MiB(t.PeakBytes)}), load avg {Machine.LoadAverage()}");
            }
            // snarkjs checks the last of each (its own verifier, our verifying key export).
            bool snarkjsOnTheirs = SnarkjsVerify(snarkjs, vkJson, publicJson, proofJson);
            File.WriteAllText(proofJson, SnarkJsJson.WriteProof(ours[^1].Proof));
            File.WriteAllText(publicJson, SnarkJsJson.WritePublicInputs(publics));
            bool snarkjsOnOurs = SnarkjsVerify(snarkjs, vkJson, publicJson, proofJson);

            return new ComparisonRow(power, r1cs.NumConstraints, new FileInfo(zkey).Length, setup, Spread.Of(load),
                Spread.Of(ours.Select(t => t.Total).ToArray()), Spread.Of(ours.Select(t => t.Fft).ToArray()),
                Spread.Of(ours.Select(t => t.Msm).ToArray()), Spread.Of(ours.Select(t => (double)t.PeakBytes).ToArray()),
                Spread.Of(theirs.Select(t => t.Wall).ToArray()), Spread.Of(theirs.Select(t => (double)t.PeakBytes).ToArray()),
                oursOk, snarkjsOnOurs, theirsOk, snarkjsOnTheirs, load0, Machine.LoadAverage());
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>One `snarkjs groth16 prove` under /usr/bin/time -v: wall seconds and peak RSS (bytes).</summary>
    private static (double Wall, long PeakBytes) RunSnarkjsProve(string snarkjs, string zkey, string wtns, string proof, string pub, string dir)
    {
        string timeFile = Path.Combine(dir, "time.txt");
        var (code, output) = Exec("/usr/bin/time", ["-v", "-o", timeFile, snarkjs, "groth16", "prove", zkey, wtns, proof, pub]);
        if (code != 0) throw new InvalidOperationException($"snarkjs groth16 prove failed ({code}): {output}");
        double wall = double.NaN;
        long kb = 0;
        foreach (var line in File.ReadLines(timeFile))
        {
            var l = line.Trim();
            if (l.StartsWith("Elapsed (wall clock) time", StringComparison.Ordinal))
            {
                wall = 0;
                foreach (var part in l[(l.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Split(':'))
                    wall = wall * 60 + double.Parse(part, CultureInfo.InvariantCulture);
            }
            else if (l.StartsWith("Maximum resident set size", StringComparison.Ordinal))
                kb = long.Parse(l[(l.LastIndexOf(": ", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture);
        }
        return (wall, kb * 1024);
    }

    private static bool SnarkjsVerify(string snarkjs, string vk, string pub, string proof) =>
        Exec(snarkjs, ["groth16", "verify", vk, pub, proof]).Code == 0;

    private static (int Code, string Output) Exec(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}
