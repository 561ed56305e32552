namespace Settlement.Circuits.Frontend;

/// <summary>Where a constraint (or solver step) came from: the gadget scope path and the emitting source line.</summary>
public sealed record ConstraintOrigin(string Gadget, string File, int Line)
{
    public override string ToString() => $"gadget '{Gadget}' at {System.IO.Path.GetFileName(File)}:{Line}";
}
