using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Interop;

/// <summary>One phase-2 ceremony passed between snarkjs 0.7.6 and settle contributors, verified by both tools.</summary>
[Collection(Cli.CliCollection.Name)]
public class CeremonyInteropTests
{
    [Fact]
    public void AlternatingCeremonyVerifiesInBothTools()
    {
        var fx = Fixtures.Get("poly");
        var r1cs = R1csFile.Read(fx.R1cs);
        using var tmp = new TempDirectory();
        string Zkey(int i) => Path.Combine(tmp.Path, $"poly_{i:0000}.zkey");

        // settle starts the ceremony; snarkjs accepts the initial key (its circuit hash is the one snarkjs computes).
        var (k0, m0) = Phase2.Initialize(r1cs, Fixtures.Ptau, 2);
        ZkeyFile.Write(Zkey(0), k0, m0);
        var v0 = Snarkjs.Run("zkey", "verify", fx.R1cs, Fixtures.Ptau, Zkey(0));
        Assert.True(v0.ExitCode == 0 && v0.Stdout.Contains("ZKey Ok!"), v0.ToString());

        Contribute(Zkey(0), Zkey(1), "alice");
        var bob = Snarkjs.Run("zkey", "contribute", Zkey(1), Zkey(2), "--name=bob", "-e=bob's dice 6 2 3");
        Assert.True(bob.ExitCode == 0, bob.ToString());
        Contribute(Zkey(2), Zkey(3), "carol");

        var theirs = Snarkjs.Run("zkey", "verify", fx.R1cs, Fixtures.Ptau, Zkey(3));
        Assert.True(theirs.ExitCode == 0 && theirs.Stdout.Contains("ZKey Ok!"), theirs.ToString());
        var final = KeyFiles.ReadCeremonyKey(Zkey(3), 2);
        var ours = Phase2.Verify(r1cs, Fixtures.Ptau, final.Key, final.Mpc, 2);
        Assert.Equal(["alice", "bob", "carol"], ours.Select(c => c.Name));
        // The contribution hashes we print are the ones snarkjs prints, so contributors can find theirs in either tool.
        var transcript = SetupTranscript.Parse(final.Mpc);
        for (int i = 0; i < 3; i++)
            Assert.Contains(FormatLikeSnarkjs(transcript.ContributionHash(i)), theirs.Stdout);

        // A transcript edited after the fact fails in both tools: carol's g1_sx replaced by bob's.
        var t = SetupTranscript.Parse(final.Mpc);
        var c = t.Contributions[2];
        var swapped = new SetupTranscript(t.CircuitHash, [t.Contributions[0], t.Contributions[1], c with { G1SX = t.Contributions[1].G1SX }]);
        ZkeyFile.Write(Zkey(4), final.Key, swapped.ToBytes());
        var bad = Snarkjs.Run("zkey", "verify", fx.R1cs, Fixtures.Ptau, Zkey(4));
        Assert.False(bad.Stdout.Contains("ZKey Ok!"), bad.ToString());
        var e = Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, final.Key, swapped.ToBytes(), 2));
        Assert.Contains("contribution 3", e.Message);
    }

    [Fact]
    public void The_cli_starts_contributes_to_and_verifies_a_zkey_ceremony()
    {
        var fx = Fixtures.Get("multiplier");
        using var tmp = new TempDirectory();
        string F(string name) => Path.Combine(tmp.Path, name);
        var setup = Cli.Settle.Run("groth16", "setup", fx.R1cs, F("start.key"), "--ptau", Fixtures.Ptau, "--zkey", F("0.zkey"));
        Assert.True(setup.Code == 0, setup.ToString());
        var alice = Cli.Settle.Run("groth16", "contribute", F("0.zkey"), F("1.zkey"), "--name", "alice");
        Assert.True(alice.Code == 0, alice.ToString());
        Assert.Equal("zkey"u8.ToArray(), File.ReadAllBytes(F("1.zkey"))[..4]);
        var bob = Snarkjs.Run("zkey", "contribute", F("1.zkey"), F("2.zkey"), "--name=bob", "-e=entropy");
        Assert.True(bob.ExitCode == 0, bob.ToString());

        var verified = Cli.Settle.Run("groth16", "verify-setup", fx.R1cs, Fixtures.Ptau, F("2.zkey"));
        Assert.True(verified.Code == 0, verified.ToString());
        // alice finds the hash she was shown among the verified contributions.
        static string Squeezed(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s", ""); // the console wraps at 80 columns
        var hash = System.Text.RegularExpressions.Regex.Match(Squeezed(alice.Out), "contributionhash[^:]*:([0-9a-f]{128})").Groups[1].Value;
        Assert.Equal(128, hash.Length);
        Assert.Contains(hash, Squeezed(verified.Out));
        Assert.Contains("bob", verified.Out);

        var longName = Cli.Settle.Run("groth16", "contribute", F("0.zkey"), F("x.zkey"), "--name", new string('x', 65));
        Assert.Equal(2, longName.Code);
        Assert.Contains("64 characters", longName.Out + longName.Err);
        Assert.False(File.Exists(F("x.zkey")));
    }

    private static void Contribute(string input, string output, string name)
    {
        var key = KeyFiles.ReadCeremonyKey(input, 2);
        Assert.True(key.IsZkey);
        var (next, mpc) = Phase2.Contribute(key.Key, key.Mpc, name);
        KeyFiles.WriteCeremonyKey(output, key with { Key = next, Mpc = mpc }, "");
    }

    // snarkjs prints a 64-byte hash as four lines of four space-separated 8-hex-digit words; this is the first line.
    private static string FormatLikeSnarkjs(byte[] hash) =>
        string.Join(" ", Enumerable.Range(0, 4).Select(i => Convert.ToHexStringLower(hash, 4 * i, 4)));
}
