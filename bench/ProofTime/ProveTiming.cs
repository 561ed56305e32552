using System.Diagnostics;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Bench.ProofTime;

/// <summary>
/// One prove split by the prover's progress stages. The quotient (three inverse and three coset NTTs, "FFT") runs in
/// its own task concurrently with the MSMs for A, B1, B2 and C; the H MSM waits for it. So:
/// <list type="bullet">
/// <item><see cref="Fft"/>: the quotient task's wall time, start → "quotient" (overlaps the first four MSMs);</item>
/// <item><see cref="FftWait"/>: the part of it on the critical path, max(0, "quotient" − "MSM C");</item>
/// <item><see cref="Msm"/>: the five MSMs on the calling thread, start → "MSM C" plus max("MSM C", "quotient") → "MSM H";</item>
/// <item><see cref="Rest"/>: total − MSM − FFT wait (witness checks, the final point arithmetic, affine conversion).</item>
/// </list>
/// Total = Msm + FftWait + Rest exactly; Fft is reported separately because it overlaps.
/// </summary>
public sealed record ProveTiming(double Total, double Fft, double FftWait, double Msm, double Rest, long PeakBytes, Proof Proof)
{
    public static ProveTiming Run(Groth16Prover prover, Fr[] witness, int threads, bool resetPeak = true)
    {
        var marks = new Dictionary<string, double>(StringComparer.Ordinal);
        if (resetPeak)
        {
            PeakMemory.CollectAndReset();
        }
        var sw = Stopwatch.StartNew();
        var proof = prover.Prove(witness, threads, (stage, _) =>
        {
            double t = sw.Elapsed.TotalSeconds;
            lock (marks) marks[stage] = t;
        });
        double total = sw.Elapsed.TotalSeconds;
        long peak = PeakMemory.Peak();
        double start = marks["start"], msmC = marks["MSM C"], msmH = marks["MSM H"], quotient = marks["quotient"];
        double fft = quotient - start;
        double fftWait = Math.Max(0, quotient - msmC);
        double msm = (msmC - start) + (msmH - Math.Max(msmC, quotient));
        return new ProveTiming(total, fft, fftWait, msm, total - msm - fftWait, peak, proof);
    }
}
