using System.Text.Json;
using System.Text.Json.Nodes;
using Settlement.Cli;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;

namespace Settlement.Prover.Tests.Cli;

/// <summary>The settle command line as its users meet it, run in process (issue 16, "The CLI").</summary>
[Collection(CliCollection.Name)]
public class CliTests(CliFixture fx)
{
    private static string Tmp(string name) => Path.Combine(Directory.CreateTempSubdirectory("settle-cli-t-").FullName, name);

    [Fact]
    public void Version_prints_the_assembly_informational_version()
    {
        var r = Settle.Run("--version");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal(SettleApp.Version, r.Out.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", SettleApp.Version);
    }

    [Fact]
    public void Setup_refuses_to_replace_keys_without_force_and_names_them()
    {
        var d = new Deployment(fx.Copy("setup-again", fx.Proven));
        var pk = File.ReadAllBytes(d.ProvingKeyPath);
        var r = Settle.Run("setup", "--data", d.Root);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains(d.ProvingKeyPath, r.Err);
        Assert.Contains(d.VerifyingKeyPath, r.Err);
        Assert.Contains("1 settled batches", r.Err);
        Assert.Contains("--force", r.Err);
        Assert.Equal(pk, File.ReadAllBytes(d.ProvingKeyPath));
    }

    [Fact]
    public void Export_solidity_writes_the_verifier_and_escrow_of_the_deployment_and_names_a_missing_key()
    {
        var d = new Deployment(fx.Copy("solidity", fx.Proven));
        var outDir = Tmp("contracts");
        var r = Settle.Run("export-solidity", "--data", d.Root, "--out", outDir, "--json");
        Assert.True(r.Code == 0, r.ToString());
        var contracts = r.Json().GetProperty("contracts").EnumerateArray().ToList();
        Assert.Equal(["SettlementVerifier", "SettlementEscrow"], contracts.Select(x => x.GetProperty("contract").GetString()));
        var c = contracts[0];
        Assert.Equal(1, c.GetProperty("publicInputs").GetInt32());
        Assert.Equal("development", c.GetProperty("keyKind").GetString());
        var source = File.ReadAllText(Path.Combine(outDir, "SettlementVerifier.sol"));
        Assert.Contains("contract SettlementVerifier {", source);
        Assert.Contains("function verifyProof(bytes calldata proof, uint256[1] calldata input) external view", source);
        Assert.Contains("// Key: INSECURE development key", source);
        Assert.DoesNotContain("{{", source);
        var escrow = File.ReadAllText(Path.Combine(outDir, "SettlementEscrow.sol"));
        Assert.Contains("contract SettlementEscrow {", escrow);
        Assert.DoesNotContain("{{", escrow);

        var text = Settle.Run("export-solidity", "--data", d.Root, "--out", outDir);
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("never deploy this contract to guard value", text.Out);
        Assert.Equal(source, File.ReadAllText(Path.Combine(outDir, "SettlementVerifier.sol")));

        var noOut = Settle.Run("export-solidity", "--data", d.Root);
        Assert.True(noOut.Code == 2, noOut.ToString());
        Assert.Contains("--out <dir> is required", noOut.Err);

        File.Delete(d.VerifyingKeyPath);
        var elsewhere = Tmp("contracts");
        var missing = Settle.Run("export-solidity", "--data", d.Root, "--out", elsewhere);
        Assert.True(missing.Code == 2, missing.ToString());
        Assert.Contains(d.VerifyingKeyPath, missing.Err);
        Assert.False(Directory.Exists(elsewhere));
    }

    [Fact]
    public void Groth16_export_solidity_writes_a_verifier_for_a_snarkjs_key()
    {
        var fixture = Interop.Fixtures.Get("chain");
        var output = Tmp("Verifier.sol");
        var r = Settle.Run("groth16", "export-solidity", fixture.VerificationKey, output, "--contract", "ChainVerifier");
        Assert.True(r.Code == 0, r.ToString());
        var source = File.ReadAllText(output);
        Assert.Contains("contract ChainVerifier {", source);
        Assert.Contains("uint256[2] calldata input", source);
        Assert.Contains("from verification_key.json", source);

        var badName = Settle.Run("groth16", "export-solidity", fixture.VerificationKey, Tmp("Bad.sol"), "--contract", "Not-A-Name");
        Assert.True(badName.Code == 2, badName.ToString());
        Assert.Contains("'Not-A-Name' is not a Solidity identifier", badName.Err);
        var missing = Settle.Run("groth16", "export-solidity", Tmp("absent.json"), Tmp("Absent.sol"));
        Assert.True(missing.Code == 2, missing.ToString());
        Assert.Contains("absent.json", missing.Err);
    }

    [Fact]
    public void Init_refuses_bad_sizes_before_writing_and_leaves_no_folder()
    {
        var dir = Tmp("deployment");
        var r = Settle.Run("init", "--data", dir, "--max-ops", "0");
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("--max-ops must be in 1..65536, got 0", r.Err);
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(dir)!));
    }

    [Fact]
    public void Init_that_fails_while_writing_leaves_the_target_as_it_was()
    {
        // Sizes the config loader refuses (the CLI's own check is bypassed): the failure happens in the staging folder.
        var dir = Tmp("deployment");
        var e = Assert.Throws<JsonInputException>(() => SampleDeployment.Init(dir, new SampleDeployment.Sizes(10, 0, 4)));
        Assert.Equal(new Deployment(dir).ConfigPath, e.File);
        Assert.Equal("$.maxOps", e.Path);
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(dir)!)); // no staging folder left behind
        Assert.Equal(0, Settle.Run("init", "--data", dir, "--depth", "3").Code); // and a second init works
    }

    [Fact]
    public void Init_refuses_a_deployment_without_force_and_a_foreign_folder_always()
    {
        var d = new Deployment(fx.Copy("reinit", fx.Proven));
        var r = Settle.Run("init", "--data", d.Root);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("already holds a deployment", r.Err);
        Assert.True(File.Exists(d.StorePath));

        r = Settle.Run("init", "--data", d.Root, "--force", "--depth", "4");
        Assert.True(r.Code == 0, r.ToString());
        Assert.False(File.Exists(d.StorePath));
        Assert.False(File.Exists(d.ProvingKeyPath));
        Assert.Empty(Directory.GetFiles(d.BundlesDir));
        Assert.Equal(4, d.LoadConfig().TreeDepth);

        var foreign = Tmp("project");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        r = Settle.Run("init", "--data", foreign, "--force");
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("notes.txt", r.Err);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(foreign).Select(Path.GetFileName));
    }

    [Fact]
    public void Exit_claim_emits_the_whole_claim_and_exit_claim_verify_checks_it()
    {
        var dir = fx.Copy("exit", fx.Proven);
        Assert.Equal(0, Settle.Run("verify", Path.Combine(dir, "bundles", "batch-0.stlb"), "--data", dir).Code); // every venue records the root
        var file = Path.Combine(dir, "claim.json");
        var r = Settle.Run("exit-claim", "1", "--venue", "0", "--out", file, "--json", "--data", dir);
        Assert.True(r.Code == 0, r.ToString());
        var j = r.Json();
        Assert.Equal("exit-claim", j.GetProperty("command").GetString());
        var claim = j.GetProperty("claim");
        Assert.Equal(1UL, claim.GetProperty("account").GetUInt64());
        Assert.Matches("^0x[0-9a-f]{64}$", claim.GetProperty("salt").GetString());
        Assert.Equal(3 * 2, claim.GetProperty("balances").GetArrayLength());        // every venue's balances, V·C
        Assert.Equal(1_000_000_000, claim.GetProperty("balances")[0].GetInt64());
        Assert.Equal(2, claim.GetProperty("slots").GetArrayLength());               // MaxPositions
        Assert.Equal(3 * 3, claim.GetProperty("siblings").GetArrayLength());        // three per level of the depth-3 tree
        Assert.True(j.GetProperty("verdict").GetProperty("valid").GetBoolean());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(claim.GetRawText()), JsonNode.Parse(File.ReadAllText(file))));
        var built = Settle.Run("exit-claim", "build", "1", "--json", "--data", dir); // the long form of the same command
        Assert.True(built.Code == 0, built.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(claim.GetRawText()), JsonNode.Parse(built.Json().GetProperty("claim").GetRawText())));

        // Any venue checks the file, and the --json output itself is accepted as a claim file.
        r = Settle.Run("exit-claim", "verify", file, "--venue", "2", "--data", dir);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("VALID", r.Out);
        var output = Path.Combine(dir, "claim-output.json");
        File.WriteAllText(output, Settle.Run("exit-claim", "1", "--json", "--data", dir).Out);
        Assert.Equal(0, Settle.Run("exit-claim", "verify", output, "--data", dir).Code);

        // A claim with a changed balance does not open the root: rejected (exit 1), with the check named.
        var forged = JsonNode.Parse(File.ReadAllText(file))!;
        forged["balances"]![0] = 2_000_000_000;
        File.WriteAllText(file, forged.ToJsonString());
        r = Settle.Run("exit-claim", "verify", file, "--json", "--data", dir);
        Assert.True(r.Code == 1, r.ToString());
        Assert.False(r.Json().GetProperty("ok").GetBoolean());
        Assert.Contains("ExitRootMismatch", r.Json().GetProperty("verdict").GetProperty("message").GetString());

        // An unreadable claim is an input error naming file, path and problem.
        forged["salt"] = "0x12";
        File.WriteAllText(file, forged.ToJsonString());
        r = Settle.Run("exit-claim", "verify", file, "--data", dir);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains($"{file}: $.salt: expected a field element", r.Err);
    }

    [Fact]
    public void Json_output_is_one_versioned_camel_case_shape_for_results_and_errors()
    {
        var dir = fx.Proven;
        var bundle = Path.Combine(dir, "bundles", "batch-0.json");
        foreach (var (args, command, ok) in new (string[], string, bool)[]
        {
            (["inspect", bundle, "--json", "--data", dir], "inspect", true),
            (["verify", bundle, "--dry-run", "--json", "--data", dir], "verify", true),
            (["prove", fx.Batch0, "--json", "--data", dir], "prove", true),
            (["exit-claim", "9", "--json", "--data", dir], "exit-claim", false),                 // no such account
            (["prove", Path.Combine(dir, "missing.json"), "--json", "--data", dir], "prove", false),
            (["verify", "--json", "--no-such-option"], "verify", false),                        // a usage error
        })
        {
            var r = Settle.Run(args);
            var j = r.Json();
            Assert.Equal("settle/1", j.GetProperty("schema").GetString());
            Assert.Equal(command, j.GetProperty("command").GetString());
            Assert.True(ok == j.GetProperty("ok").GetBoolean(), r.ToString());
            Assert.Equal(ok, r.Code == 0);
            AssertCamelCaseWithoutNulls(j);
            if (!ok)
            {
                Assert.NotEmpty(j.GetProperty("error").GetProperty("message").GetString()!);
                Assert.Contains(j.GetProperty("error").GetProperty("kind").GetString(), new[] { "usage", "input", "rejected" });
            }
            Assert.StartsWith("{\n  \"schema\"", r.Out.ReplaceLineEndings("\n")); // indented, results and errors alike
        }

        var statement = Settle.Run("inspect", bundle, "--json", "--data", dir).Json().GetProperty("statement");
        Assert.Equal(JsonValueKind.Array, statement.GetProperty("opsCommitments").ValueKind); // one entry per venue (spec §8.2)
        Assert.Equal(3, statement.GetProperty("opsCommitments").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, statement.GetProperty("batchIndex").ValueKind);
    }

    private static void AssertCamelCaseWithoutNulls(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Assert.True(char.IsLower(p.Name[0]), $"key {p.Name} is not camelCase");
                    Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind);
                    AssertCamelCaseWithoutNulls(p.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) AssertCamelCaseWithoutNulls(x);
                break;
        }
    }

    [Fact]
    public void Json_input_errors_name_the_file_the_path_and_the_problem_without_dotnet_types()
    {
        var dir = fx.Proven;
        var batch = JsonNode.Parse(File.ReadAllText(fx.Batch0))!;
        string Write(string name, string text) { var p = Path.Combine(fx.Root, name); File.WriteAllText(p, text); return p; }
        string Err(string file) { var r = Settle.Run("prove", file, "--data", dir); Assert.True(r.Code == 2, r.ToString()); return r.Err; }

        var missing = Path.Combine(fx.Root, "nonexist.json");
        Assert.Equal($"error: {missing}: file not found", Err(missing).Trim());

        var wide = batch.DeepClone();
        wide["operations"]![2]!["venue"] = 99_999_999_999;
        var f = Write("wide.json", wide.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.Contains($"{f}:", Err(f));
        Assert.Contains("$.operations[2].venue: expected an integer in [-2147483648, 2147483647]", Err(f));

        var wrongType = batch.DeepClone();
        wrongType["operations"]![2] = "deposit";
        f = Write("type.json", wrongType.ToJsonString());
        Assert.Contains("$.operations[2]: expected an object", Err(f));

        var unknownOp = batch.DeepClone();
        unknownOp["operations"]![2]!["op"] = "depositt";
        f = Write("op.json", unknownOp.ToJsonString());
        Assert.Contains("unknown \"op\" value 'depositt'", Err(f));

        var noOp = batch.DeepClone();
        noOp["operations"]![2]!.AsObject().Remove("op");
        f = Write("noop.json", noOp.ToJsonString());
        Assert.Contains($"{f}:1: $.operations[2]: missing \"op\"", Err(f));

        var extra = batch.DeepClone();
        extra["operations"]![2]!["colour"] = "red";
        f = Write("extra.json", extra.ToJsonString());
        Assert.Contains("unknown property 'colour'", Err(f));

        var salt = batch.DeepClone();
        salt["operations"]![2]!["salt"] = "0xzz";
        f = Write("salt.json", salt.ToJsonString());
        Assert.Contains($"{f}: $.operations[2].salt: \"0xzz\" is not hex", Err(f));

        f = Write("comma.json", "{\n  \"operations\": [],\n}");
        var comma = Err(f);
        Assert.Contains($"{f}:3: $: not valid JSON", comma);

        foreach (var text in new[] { Err(Write("w2.json", wide.ToJsonString())), Err(Write("t2.json", wrongType.ToJsonString())), comma })
        {
            Assert.DoesNotContain("Settlement.", text);
            Assert.DoesNotContain("System.", text);
            Assert.DoesNotContain("reader options", text);
            Assert.DoesNotContain("Dto", text);
        }

        // config.json: the file and the JSON path of the bad field.
        var broken = fx.Copy("badconfig");
        var config = new Deployment(broken).ConfigPath;
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"treeDepth\": 3", "\"treeDepth\": 99"));
        var r = Settle.Run("inspect", "--data", broken);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains($"{config}: $.treeDepth:", r.Err);

        // A JSON bundle with a syntax error: one line number, the file's.
        var bundle = Write("bad-bundle.json", "{\n  \"version\": 1,\n  \"statement\": {\n}");
        r = Settle.Run("inspect", bundle, "--data", dir);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains($"{bundle}:4: $", r.Err);
        Assert.DoesNotContain("line", r.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Corrupt_bundles_are_rejected_as_malformed_with_exit_1_and_a_missing_one_is_an_input_error()
    {
        var dir = fx.Copy("corrupt", fx.Proven);
        var stlb = File.ReadAllBytes(Path.Combine(dir, "bundles", "batch-0.stlb"));
        var truncated = Path.Combine(dir, "truncated.stlb");
        File.WriteAllBytes(truncated, stlb[..(stlb.Length / 2)]);
        var garbled = Path.Combine(dir, "garbled.json");
        File.WriteAllText(garbled, File.ReadAllText(Path.Combine(dir, "bundles", "batch-0.json"))[..200]);
        var wrongField = Path.Combine(dir, "field.json");
        File.WriteAllText(wrongField, File.ReadAllText(Path.Combine(dir, "bundles", "batch-0.json")).Replace("\"batchIndex\": 0", "\"batchIndex\": \"zero\""));

        foreach (var file in new[] { truncated, garbled, wrongField })
        {
            var r = Settle.Run("verify", file, "--venue", "1", "--json", "--data", dir);
            Assert.True(r.Code == 1, r.ToString());
            var venue = Assert.Single(r.Json().GetProperty("venues").EnumerateArray());
            Assert.Equal("Malformed", venue.GetProperty("reason").GetString());
            Assert.Contains(file, venue.GetProperty("message").GetString());
            Assert.False(venue.GetProperty("recorded").GetBoolean());
            r = Settle.Run("verify", file, "--data", dir);
            Assert.True(r.Code == 1, r.ToString());
            Assert.Equal(3, r.Out.Split("REJECTED Malformed").Length - 1);
        }
        Assert.False(File.Exists(Path.Combine(dir, "venues", "venue-1.root")));

        var missing = Settle.Run("verify", Path.Combine(dir, "none.stlb"), "--data", dir);
        Assert.True(missing.Code == 2, missing.ToString());
        Assert.Contains("none.stlb: file not found", missing.Err);
    }

    [Fact]
    public void Proving_the_same_operations_again_returns_the_stored_bundle_without_proving()
    {
        var dir = fx.Copy("repeat", fx.Proven);
        // The same batch under another name, compact, with each operation's properties in reverse order.
        var ops = JsonNode.Parse(File.ReadAllText(fx.Batch0))!["operations"]!.AsArray();
        var reordered = new JsonArray([.. ops.Select(o => (JsonNode)new JsonObject(o!.AsObject().Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))))]);
        var copy = Path.Combine(dir, "copy-of-the-first-batch.json");
        File.WriteAllText(copy, new JsonObject { ["operations"] = reordered }.ToJsonString());
        Assert.NotEqual(File.ReadAllBytes(fx.Batch0), File.ReadAllBytes(copy));

        var r = Settle.Run("prove", copy, "--json", "--data", dir);
        Assert.True(r.Code == 0, r.ToString());
        var j = r.Json();
        Assert.True(j.GetProperty("alreadyStored").GetBoolean());
        Assert.Equal(0, j.GetProperty("batchIndex").GetInt64());
        Assert.False(j.TryGetProperty("proveMs", out _)); // nothing was proven now

        r = Settle.Run("prove", copy, "--data", dir);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("already settled as batch 0", r.Out);
        Assert.DoesNotContain("proving", r.Out);
        using var store = new SqliteSettlementStore(new Deployment(dir).StorePath);
        Assert.Equal(1, store.BatchCount);
    }

    [Fact]
    public void A_batch_the_engine_refuses_exits_1_and_its_json_error_names_the_op_and_its_account()
    {
        var dir = fx.Copy("refused", fx.Proven);
        var file = Path.Combine(dir, "bad-venue.json");
        File.WriteAllText(file, BatchFile.Write([new Settlement.Prover.Engine.Deposit(9, 1, 1, 0, 5, 0, Settlement.Verifier.Bls12381.Fr.Zero)]));
        var r = Settle.Run("prove", file, "--json", "--data", dir);
        Assert.True(r.Code == 1, r.ToString());
        var error = r.Json().GetProperty("error");
        Assert.Equal("rejected", error.GetProperty("kind").GetString());
        Assert.Equal(0, error.GetProperty("op").GetInt32());
        Assert.Equal(1UL, error.GetProperty("account").GetUInt64()); // the rule names no account, the op does
        Assert.Equal("UnknownVenue", error.GetProperty("reason").GetString());
        Assert.StartsWith("batch rejected: ", r.Err);
        using var store = new SqliteSettlementStore(new Deployment(dir).StorePath);
        Assert.Equal(1, store.BatchCount);
    }

    [Fact]
    public void Threads_is_offered_only_where_setup_or_proving_runs()
    {
        foreach (var command in new[] { "demo", "setup", "prove" })
            Assert.Contains("--threads", Settle.Run(command, "--help").Out);
        foreach (var command in new[] { "init", "verify", "inspect", "exit-claim 1", "exit-claim verify" })
        {
            var r = Settle.Run([.. command.Split(' '), "--help"]);
            Assert.True(r.Code == 0, r.ToString());
            Assert.DoesNotContain("--threads", r.Out);
        }
        var refused = Settle.Run("inspect", "--threads", "2", "--data", fx.Proven);
        Assert.True(refused.Code == 2, refused.ToString());
        Assert.Equal(2, Settle.Run("prove", fx.Batch0, "--threads", "-1", "--data", fx.Proven).Code);
    }

    [Fact]
    public void Help_fits_80_columns_with_examples_and_every_argument_described()
    {
        foreach (var command in new[] { "", "demo", "init", "setup", "prove", "verify", "inspect", "exit-claim", "exit-claim 1", "exit-claim verify",
                                         "groth16", "groth16 prove", "groth16 verify", "groth16 setup", "groth16 contribute", "groth16 verify-setup", "groth16 export-vk",
                                         "export-solidity", "groth16 export-solidity",
                                         "risk", "risk train", "risk backtest", "risk propose", "risk sign", "risk aggregate", "oracle sign", "oracle aggregate",
                                         "serve", "venue", "venue follow", "venue submit" })
        {
            var r = Settle.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.True(r.Code == 0, r.ToString());
            var lines = r.Out.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToList();
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"settle {command} --help: {l.Length} columns: {l}"));
            Assert.Contains("EXAMPLES:", lines);
            // An argument or option row with no description would end right after its name.
            int start = lines.FindIndex(l => l is "ARGUMENTS:" or "OPTIONS:");
            foreach (var row in lines.Skip(start).Where(l => l.StartsWith("    ", StringComparison.Ordinal) && l.TrimStart().StartsWith('<')))
                Assert.Matches(@"^\s+<[^>]+>\s{2,}\S", row);
        }
    }

    [Fact]
    public void Committee_members_sign_one_at_a_time_into_a_batch_the_engine_accepts()
    {
        var dir = Tmp("committee");
        var d = new Deployment(Path.Combine(dir, "dep"));
        SampleDeployment.Init(d.Root, new SampleDeployment.Sizes(8, 2, 2));
        string F(string name) => Path.Combine(dir, name);
        File.WriteAllText(F("batch.json"), """
            { "operations": [
              { "op": "riskUpdate", "epoch": 1, "sigmas": [0, 3377000],
                "instruments": [ { "mark": 300000000000, "delta": 100000000, "gamma": 0 }, { "mark": 15000000000, "delta": 50000000, "gamma": 1000000000 } ] },
              { "op": "deposit", "venue": 0, "account": 1, "nonce": 0, "asset": 0, "amount": 20000000000, "depositId": 0, "salt": "0x2a" } ] }
            """);
        File.WriteAllText(F("quotes.csv"), "asset,price,timestamp\n0,100000000,1749999999900\n1,300000000000,1749999999900\n");
        for (int m = 0; m < 3; m++)
        {
            var r = Settle.Run("oracle", "sign", F("quotes.csv"), "--data", d.Root, "--member", $"{m}", "--dev", "--out", F($"o{m}.json"));
            Assert.True(r.Code == 0, r.ToString());
        }
        var short_ = Settle.Run("oracle", "aggregate", F("o0.json"), F("o1.json"), "--data", d.Root, "--time", "1750000000000", "--into", F("batch.json"));
        Assert.True(short_.Code == 2, short_.ToString());
        Assert.Contains("the oracle quorum is 3", short_.Err);
        var agg = Settle.Run("oracle", "aggregate", F("o0.json"), F("o1.json"), F("o2.json"), "--data", d.Root, "--time", "1750000000000", "--into", F("batch.json"), "--json");
        Assert.True(agg.Code == 0, agg.ToString());
        Assert.Equal(3, agg.Json().GetProperty("members").GetInt32());
        for (int m = 0; m < 2; m++)
            Assert.Equal(0, Settle.Run("risk", "sign", F("batch.json"), "--data", d.Root, "--member", $"{m}", "--dev", "--out", F($"r{m}.json")).Code);
        var risk = Settle.Run("risk", "aggregate", F("r0.json"), F("r1.json"), "--data", d.Root, "--into", F("batch.json"));
        Assert.True(risk.Code == 0, risk.ToString());

        var ops = BatchFile.Read(F("batch.json"));
        Assert.Equal([typeof(PriceTick), typeof(RiskUpdate), typeof(Deposit)], ops.Select(o => o.GetType()));
        var config = d.LoadConfig();
        new SettlementEngine(config, new BlsReportAuthenticator(config)).Apply(ops); // real signatures, checked
    }

    /// <summary>
    /// Issue 15 end to end, with the committee's commands only: real prices (data/risk) → the committed ONNX model →
    /// settle risk propose → two members sign → settle prove → every venue's verifier accepts the bundle.
    /// </summary>
    [Fact]
    public void A_risk_update_proposed_by_the_model_from_real_prices_is_proven_and_accepted_by_every_venue()
    {
        var dir = fx.Copy("risk-model");
        var work = Tmp("risk-model");
        Directory.CreateDirectory(work);
        string F(string name) => Path.Combine(work, name);
        string data = Path.Combine(AppContext.BaseDirectory, "risk");
        File.WriteAllText(F("quotes.csv"), "asset,price,timestamp\n0,100000000,1749999999900\n1,300000000000,1749999999900\n");
        for (int m = 0; m < 3; m++)
            Assert.Equal(0, Settle.Run("oracle", "sign", F("quotes.csv"), "--data", dir, "--member", $"{m}", "--dev", "--out", F($"o{m}.json")).Code);
        Assert.Equal(0, Settle.Run("oracle", "aggregate", F("o0.json"), F("o1.json"), F("o2.json"), "--data", dir, "--time", "1750000000000", "--into", F("batch.json")).Code);

        var propose = Settle.Run("risk", "propose", "--model", Path.Combine(data, "volatility.onnx"), "--prices", Path.Combine(data, "eustockmarkets.csv"),
            "--series", "ETH=DAX", "--data", dir, "--into", F("batch.json"), "--json");
        Assert.True(propose.Code == 0, propose.ToString());
        var eth = propose.Json().GetProperty("sigmas")[1];
        Assert.Equal("DAX", eth.GetProperty("series").GetString());
        long sigma = eth.GetProperty("sigma").GetInt64();
        var update = BatchFile.Read(F("batch.json")).OfType<RiskUpdate>().Single();
        Assert.Equal(sigma, update.Sigmas[1]);
        Assert.Null(update.AggregateSignature);

        for (int m = 0; m < 2; m++)
            Assert.Equal(0, Settle.Run("risk", "sign", F("batch.json"), "--data", dir, "--member", $"{m}", "--dev", "--out", F($"r{m}.json")).Code);
        Assert.Equal(0, Settle.Run("risk", "aggregate", F("r0.json"), F("r1.json"), "--data", dir, "--into", F("batch.json")).Code);
        var prove = Settle.Run("prove", F("batch.json"), "--data", dir);
        Assert.True(prove.Code == 0, prove.ToString());
        var verify = Settle.Run("verify", Path.Combine(dir, "bundles", "batch-0.stlb"), "--data", dir, "--json");
        Assert.True(verify.Code == 0, verify.ToString());
        Assert.True(verify.Json().GetProperty("accepted").GetBoolean());
        Assert.Equal(3, verify.Json().GetProperty("venues").GetArrayLength());
        Assert.All(verify.Json().GetProperty("venues").EnumerateArray(), v => Assert.True(v.GetProperty("accepted").GetBoolean()));
    }

    [Fact]
    public void Risk_commands_name_the_file_row_and_column_of_bad_prices()
    {
        var work = Tmp("bad-prices");
        Directory.CreateDirectory(work);
        var csv = Path.Combine(work, "p.csv");
        File.WriteAllText(csv, "date,DAX\n2024-01-01,100\n2024-01-02,x\n");
        var r = Settle.Run("risk", "backtest", "--prices", csv, "--json");
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains($"{csv}: row 3, column DAX: 'x' is not a number", r.Err);
        var error = r.Json().GetProperty("error");
        Assert.Equal(3, error.GetProperty("row").GetInt32());
        Assert.Equal("DAX", error.GetProperty("column").GetString());
    }
}
