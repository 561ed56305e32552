using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>
/// Computes new witness values from known ones, outside the constraints. The gadget that asks for a hint must then
/// constrain its outputs; the mutation checker treats every hint output as critical.
/// Throw <see cref="ArgumentException"/> when the inputs admit no answer (e.g. a value that does not fit its bits).
/// </summary>
public delegate void HintFunction(ReadOnlySpan<Fr> inputs, Span<Fr> outputs);
