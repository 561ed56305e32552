using System.Security.Cryptography;
using Settlement.Circuits;
using Settlement.Circuits.Formats;
using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Service;

/// <summary>The deployment's key record (<see cref="KeyProvenance"/>), written when a key is installed.</summary>
public static class KeyProvenanceFile
{
    public static string PathIn(Deployment d) => Path.Combine(d.KeysDir, KeyProvenance.FileName);

    public static void Write(this KeyProvenance p, Deployment d) => AtomicFile.WriteAllText(PathIn(d), p.ToJson());

    /// <summary>The recorded provenance; keys installed before records existed were all development keys.</summary>
    public static KeyProvenance Read(Deployment d)
    {
        string path = PathIn(d);
        if (!File.Exists(path)) return KeyProvenance.Development;
        try { return KeyProvenance.FromJson(File.ReadAllText(path)); }
        catch (FormatException e) { throw new DeploymentException($"{path}: {e.Message}"); }
    }
}

/// <summary>
/// The phase-2 ceremony for the deployment's transition circuit, with the tools the circom path already uses:
/// <list type="number">
/// <item><see cref="ExportR1cs"/>: the circuit for the configured sizes in circom's <c>.r1cs</c> format, for any ceremony tool.</item>
/// <item><see cref="Begin"/>: the starting key from a powers-of-tau file (δ = 1: it cannot prove yet).</item>
/// <item><c>settle groth16 contribute</c> rounds on that key, by as many independent parties as possible.</item>
/// <item><see cref="Install"/>: checks the whole transcript against this deployment's circuit and the ptau, refuses a key
/// with no contribution or for another circuit, and only then installs it and records its provenance.</item>
/// </list>
/// </summary>
public static class TransitionCeremony
{
    public sealed record CircuitSize(int Constraints, int Wires, int Public, int PtauPower);

    /// <summary>The smallest ptau power whose Lagrange blocks cover the circuit's domain (constraints + public rows).</summary>
    public static int RequiredPtauPower(R1cs r1cs) => Phase2.RequiredPtauPower(Fft.EvaluationDomain.ForSize(r1cs.NumConstraints + r1cs.NumPublic + 1).LogSize);

    public static CircuitSize ExportR1cs(SettlementService svc, string path)
    {
        var r1cs = svc.Circuit(out _).R1cs;
        AtomicFile.WriteAllBytes(path, CircomR1cs.ToBytes(r1cs));
        return new CircuitSize(r1cs.NumConstraints, r1cs.NumWires, r1cs.NumPublic, RequiredPtauPower(r1cs));
    }

    /// <summary>Writes the ceremony's starting key (no contribution yet) for the configured circuit.</summary>
    /// <param name="outZkey">Also write it as a snarkjs .zkey here, for contributors who use snarkjs.</param>
    public static CircuitSize Begin(SettlementService svc, string ptauPath, string outKey, int threads = 0, Action<string, double>? progress = null, string? outZkey = null)
    {
        var r1cs = svc.Circuit(out _).R1cs;
        var (pk, mpc) = Phase2.Initialize(r1cs, ptauPath, threads, progress);
        var tmp = outKey + ".tmp";
        NativeKeyFile.Write(tmp, pk, mpc, Phase2.InitialNote + " (settlement transition circuit)");
        File.Move(tmp, outKey, overwrite: true);
        if (outZkey is not null)
        {
            ZkeyFile.Write(outZkey + ".tmp", pk, mpc);
            File.Move(outZkey + ".tmp", outZkey, overwrite: true);
        }
        return new CircuitSize(r1cs.NumConstraints, r1cs.NumWires, r1cs.NumPublic, RequiredPtauPower(r1cs));
    }

    /// <summary>
    /// Verifies <paramref name="keyPath"/>'s transcript against the configured circuit and <paramref name="ptauPath"/>,
    /// then installs it as <c>keys/transition.pk</c> with its verifying key and provenance. Throws
    /// <see cref="SetupVerificationException"/> (the key is not installed) when anything does not check.
    /// </summary>
    public static KeyProvenance Install(SettlementService svc, string ptauPath, string keyPath, bool force = false, int threads = 0, Action<string, double>? progress = null)
    {
        var d = svc.Deployment;
        if (!force && d.HasKeys && svc.Store.BatchCount > 0)
            throw new DeploymentException($"{d.Root} has {svc.Store.BatchCount} settled batch(es) proven with the installed key; a new key changes the " +
                "verifying key every venue holds (--force to replace it anyway)");
        if (KeyFiles.IsInsecure(keyPath))
            throw new SetupVerificationException($"{keyPath} is an INSECURE development key, not a ceremony result");
        var r1cs = svc.Circuit(out _).R1cs;
        var key = KeyFiles.ReadCeremonyKey(keyPath, threads);
        if (key.Key.NumVars != r1cs.NumWires || key.Key.NumPublic != r1cs.NumPublic)
            throw new SetupVerificationException($"{keyPath} is for a circuit with {key.Key.NumVars} wires and {key.Key.NumPublic} public inputs; " +
                $"this deployment's transition circuit has {r1cs.NumWires} and {r1cs.NumPublic}");
        if (Phase2.ParseTranscript(key.Mpc, keyPath).Contributions.Count == 0) // before the expensive recomputation: δ = 1 is public
            throw new SetupVerificationException($"{keyPath} has no contributions: δ = 1 is public and anyone could forge proofs");
        var contributions = Phase2.Verify(r1cs, ptauPath, key.Key, key.Mpc, threads, progress);

        // A .zkey (from snarkjs contributors) is installed in our own format, which the prover streams its tables from.
        Directory.CreateDirectory(d.KeysDir);
        var pkTmp = d.ProvingKeyPath + ".tmp";
        if (key.IsZkey) NativeKeyFile.Write(pkTmp, key.Key, key.Mpc, $"phase-2 key with {contributions.Count} contribution(s), installed from {Path.GetFileName(keyPath)}");
        else File.Copy(keyPath, pkTmp, overwrite: true);
        var record = new KeyProvenance(KeyProvenance.CeremonyKind, [.. contributions.Select(c => c.Name)], Sha256Hex(ptauPath), Sha256Hex(pkTmp),
            "0x" + Convert.ToHexStringLower(key.Mpc));
        File.Move(pkTmp, d.ProvingKeyPath, overwrite: true);
        AtomicFile.WriteAllText(d.VerifyingKeyPath, Verifier.Groth16.SnarkJsJson.WriteVerifyingKey(key.Key.VerifyingKey));
        record.Write(d);
        return record;
    }

    private static string Sha256Hex(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }
}

/// <summary>Whole-file writes that leave either the old file or the new one, never a torn one.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }
}
