namespace Settlement.Circuits.Frontend;

/// <summary>
/// Where a constraint (or solver step) came from: the gadget scope path, the emitting source line, and the rule it
/// enforces when the circuit tagged one (<see cref="Api.Rule"/>; null for constraints that only compute values).
/// </summary>
public sealed record ConstraintOrigin(string Gadget, string File, int Line, string? Rule = null)
{
    public override string ToString() =>
        $"{(Rule is null ? "" : $"rule '{Rule}', ")}gadget '{Gadget}' at {System.IO.Path.GetFileName(File)}:{Line}";
}
