using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary><c>settle circuit export --r1cs &lt;file&gt;</c>: the transition circuit for the configured sizes, in circom's .r1cs format.</summary>
internal sealed class CircuitExportCommand : SettleCommand<CircuitExportCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandOption("--r1cs <FILE>")]
        [Description("Output: the constraint system in circom's .r1cs format (version 1, BLS12-381 scalar field)")]
        public string R1cs { get; init; } = "";
    }

    protected override string? CommandName => "circuit export";

    public override ValidationResult Validate(CommandContext context, Settings s) =>
        s.R1cs.Length == 0 ? ValidationResult.Error("--r1cs <file> is required") : ValidationResult.Success();

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var size = WithProgress(s, "compile the transition circuit", _ => TransitionCeremony.ExportR1cs(svc, s.R1cs));
        if (s.Json)
            return Json(Accepted, new { r1cs = s.R1cs, constraints = size.Constraints, wires = size.Wires, publicInputs = size.Public, ptauPower = size.PtauPower, snarkjsPtauPower = size.SnarkjsPtauPower });
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(s.R1cs)}[/]: {size.Constraints:N0} constraints, {size.Wires:N0} wires, {size.Public} public input(s); " +
                               $"a ceremony needs a BLS12-381 ptau of power ≥ {size.PtauPower} (≥ {size.SnarkjsPtauPower} if snarkjs contributors join)");
        return Accepted;
    }
}
