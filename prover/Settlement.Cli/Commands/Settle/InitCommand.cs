using System.ComponentModel;
using Settlement.Prover.Service;
using Settlement.Verifier.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle init</c>: writes the sample deployment (config.json and SAMPLE / INSECURE dev keys). Atomic: a failed init
/// leaves the folder as it was (<see cref="SampleDeployment.Init"/>).
/// </summary>
internal sealed class InitCommand : SettleCommand<InitCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandOption("--force")]
        [Description("Replace a deployment in the folder (deletes its store, keys, bundles)")]
        public bool Force { get; init; }

        [CommandOption("--max-ops <N>")]
        [Description("Account ops per batch, 1..65536 (default 2)")]
        public int MaxOps { get; init; } = 2;

        [CommandOption("--depth <D>")]
        [Description("Account tree depth in 4-ary levels, 1..16 (default 5: 4^5 = 1,024 accounts; 16 holds 2^32)")]
        public int Depth { get; init; } = 5;

        [CommandOption("--max-positions <N>")]
        [Description("Position slots per account, 1..255 (default 4)")]
        public int MaxPositions { get; init; } = 4;

        // The ranges of config.json (docs/spec.md §7), checked before anything is written.
        public override ValidationResult Validate() =>
            MaxOps is < 1 or > 1 << 16 ? ValidationResult.Error($"--max-ops must be in 1..65536, got {MaxOps}")
            : Depth is < 1 or > SettlementConfig.MaxTreeDepth ? ValidationResult.Error($"--depth must be in 1..{SettlementConfig.MaxTreeDepth} (4-ary levels), got {Depth}")
            : MaxPositions is < 1 or > 255 ? ValidationResult.Error($"--max-positions must be in 1..255, got {MaxPositions}")
            : ValidationResult.Success();
    }

    protected override int Run(Settings s)
    {
        var d = SampleDeployment.Init(s.Data, new SampleDeployment.Sizes(s.Depth, s.MaxOps, s.MaxPositions), s.Force);
        if (s.Json)
            return Json(Accepted, new { deployment = d.Root, config = d.ConfigPath, devKeys = d.DevKeysPath, treeDepth = s.Depth, maxOps = s.MaxOps,
                maxPositions = s.MaxPositions, warning = DevKeys.Warning });
        AnsiConsole.MarkupLine($"sample deployment written to [bold]{Markup.Escape(d.Root)}[/]: 3 venues (50 ms, 400 ms, 2 s), USDC and ETH, ETH-PERP and an ETH call, oracle 3 of 5, risk 2 of 3");
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevKeys.Warning)} ({Markup.Escape(d.DevKeysPath)})");
        AnsiConsole.MarkupLine("next: [bold]settle setup[/] (INSECURE dev setup of the transition circuit), then [bold]settle prove <batch.json>[/]");
        return Accepted;
    }
}
