namespace Settlement.Circuits.Frontend;

/// <summary>The witness could not be produced, or does not satisfy the circuit.</summary>
public class WitnessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An input named by the circuit is missing from the assignment, or the assignment names an unknown input.</summary>
public sealed class InputAssignmentException(string input, string message) : WitnessException(message)
{
    public string Input { get; } = input;
}

/// <summary>A solver step (a division by zero, a failing hint) could not compute its output.</summary>
public sealed class SolverStepException(ConstraintOrigin origin, string message, Exception? inner = null)
    : WitnessException($"{message} ({origin})", inner)
{
    public ConstraintOrigin Origin { get; } = origin;
}

/// <summary>The first constraint the witness violates, with the gadget and source line that emitted it.</summary>
public sealed class UnsatisfiedConstraintException(int constraint, ConstraintOrigin origin, string detail)
    : WitnessException($"constraint {constraint} is not satisfied: {detail} ({origin})")
{
    public int Constraint { get; } = constraint;
    public ConstraintOrigin Origin { get; } = origin;
}
