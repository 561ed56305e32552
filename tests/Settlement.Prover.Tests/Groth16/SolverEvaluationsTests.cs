using Settlement.Circuits.Frontend;
using Settlement.Prover.Groth16;
using Settlement.Prover.Tests.Interop;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>
/// Proving with A·w and B·w from the circuit's solver, from a key read without its coefficients: the proofs verify,
/// the key cannot be used the other way or rewritten, and a wrong evaluation gives a proof that does not verify.
/// </summary>
public class SolverEvaluationsTests
{
    // Two public inputs (so the key's extra A rows, one per public signal, are more than wire 0) and constraints whose
    // A and B sides are sums, with a repeated combination (A = B) among them.
    private static readonly CompiledCircuit Circuit = Settlement.Circuits.Frontend.Circuit.From(api =>
    {
        var x = api.PublicInput("x");
        var y = api.PublicInput("y");
        var a = api.SecretInput("a");
        var b = api.SecretInput("b");
        var s = api.Add(a, b, x);
        var t = api.Mul(s, s);
        var u = api.Mul(api.Sub(t, a), api.MulByConstant(b, Fr.FromUInt64(7)));
        api.AssertEqual(api.Add(u, a), y);
    }).Compile();

    private static Assignment Inputs(ulong a, ulong b, ulong x)
    {
        Fr fa = Fr.FromUInt64(a), fb = Fr.FromUInt64(b), fx = Fr.FromUInt64(x);
        var s = fa + fb + fx;
        var y = (s * s - fa) * (fb * Fr.FromUInt64(7)) + fa;
        return new Assignment().Set("x", fx).Set("y", y).Set("a", fa).Set("b", fb);
    }

    private static string KeyFile(TempDirectory tmp)
    {
        var path = Path.Combine(tmp.Path, "k.key");
        NativeKeyFile.Write(path, DevSetup.Create(Circuit.R1cs, 1));
        return path;
    }

    [Fact]
    public void A_key_without_coefficients_proves_with_the_solvers_evaluations()
    {
        using var tmp = new TempDirectory();
        var path = KeyFile(tmp);
        var full = KeyFiles.ReadProvingKey(path, tablesInFile: true);
        var lean = KeyFiles.ReadProvingKey(path, tablesInFile: true, coefficients: false);
        Assert.NotEmpty(full.Coefficients);
        Assert.Empty(lean.Coefficients);
        Assert.True(lean.CoefficientsOmitted);
        var vk = new PreparedVerifyingKey(lean.VerifyingKey);
        var prover = new Groth16Prover(lean);
        for (ulong k = 1; k <= 3; k++) // the second and third proofs reuse the first's buffers
        {
            Fr[]? w = null;
            var proof = prover.Prove(Circuit.Statistics.Constraints, (aw, bw) => w = Circuit.Solve(Inputs(k, 2 * k, 3 * k), aw, bw), 1);
            Assert.True(Groth16Verifier.Verify(vk, proof, w.AsSpan(1, 2)));
            // The same witness proven from the key's coefficients verifies too: both compute the same quotient.
            Assert.True(Groth16Verifier.Verify(vk, new Groth16Prover(full).Prove(w!, 1), w.AsSpan(1, 2)));
        }
    }

    [Fact]
    public void The_solver_writes_A_and_B_of_every_constraint()
    {
        var m = Circuit.Statistics.Constraints;
        var aw = new Fr[m + 3];
        var bw = new Fr[m + 3];
        var w = Circuit.Solve(Inputs(5, 6, 7), aw, bw);
        var r1cs = Circuit.R1cs;
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(r1cs.A.Dot(i, w), aw[i]);
            Assert.Equal(r1cs.B.Dot(i, w), bw[i]);
        }
        Assert.True(aw[m..].All(v => v.IsZero)); // past the constraints nothing is written
        var e = Assert.Throws<ArgumentException>(() => Circuit.Solve(Inputs(5, 6, 7), new Fr[m - 1], bw));
        Assert.Contains($"need {m} entries", e.Message);
    }

    [Fact]
    public void A_key_without_coefficients_is_refused_where_they_are_needed()
    {
        using var tmp = new TempDirectory();
        var lean = KeyFiles.ReadProvingKey(KeyFile(tmp), tablesInFile: false, coefficients: false);
        var w = Circuit.Solve(Inputs(1, 2, 3));
        var e = Assert.Throws<InvalidOperationException>(() => new Groth16Prover(lean).Prove(w, 1));
        Assert.Contains("read without its coefficients", e.Message);
        var write = Assert.Throws<InvalidOperationException>(() => NativeKeyFile.Write(Path.Combine(tmp.Path, "copy.key"), lean));
        Assert.Contains("coefficients were left in its file", write.Message);
        Assert.False(File.Exists(Path.Combine(tmp.Path, "copy.key")));
    }

    [Fact]
    public void A_wrong_evaluation_gives_a_proof_that_does_not_verify()
    {
        using var tmp = new TempDirectory();
        var lean = KeyFiles.ReadProvingKey(KeyFile(tmp), tablesInFile: true, coefficients: false);
        Fr[]? w = null;
        var proof = new Groth16Prover(lean).Prove(Circuit.Statistics.Constraints, (aw, bw) =>
        {
            w = Circuit.Solve(Inputs(1, 2, 3), aw, bw);
            bw[1] += Fr.One;
            return w;
        }, 1);
        Assert.False(Groth16Verifier.Verify(new PreparedVerifyingKey(lean.VerifyingKey), proof, w.AsSpan(1, 2)));
    }
}
