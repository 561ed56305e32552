using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary><c>settle init</c>: writes the sample deployment (config.json and SAMPLE / INSECURE dev keys).</summary>
internal sealed class InitCommand : SettleCommand<InitCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandOption("--force")]
        [Description("Overwrite an existing deployment in the directory (deletes its store and keys)")]
        public bool Force { get; init; }

        [CommandOption("--max-ops <N>")]
        [Description("Account ops per batch (default 2: setup and a proof take seconds on 2 cores)")]
        public int MaxOps { get; init; } = 2;

        [CommandOption("--depth <D>")]
        [Description("Account tree depth (default 10: 1 024 accounts)")]
        public int Depth { get; init; } = 10;

        [CommandOption("--max-positions <N>")]
        [Description("Position slots per account (default 4)")]
        public int MaxPositions { get; init; } = 4;
    }

    protected override int Run(Settings s)
    {
        var d = SampleDeployment.Init(s.Data, new SampleDeployment.Sizes(s.Depth, s.MaxOps, s.MaxPositions), s.Force);
        if (s.Json) { WriteJson(new { deployment = d.Root, config = d.ConfigPath, keys = d.DevKeysPath, warning = DevKeys.Warning }); return Accepted; }
        AnsiConsole.MarkupLine($"sample deployment written to [bold]{Markup.Escape(d.Root)}[/]: 3 venues (50 ms, 400 ms, 2 s), USDC and ETH, ETH-PERP and an ETH call, oracle 3 of 5, risk 2 of 3");
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevKeys.Warning)} ({Markup.Escape(d.DevKeysPath)})");
        AnsiConsole.MarkupLine("next: [bold]settle setup[/] (INSECURE dev setup of the transition circuit), then [bold]settle prove <batch.json>[/]");
        return Accepted;
    }
}
