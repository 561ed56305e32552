namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The arithmetic every field type offers, as static abstract members so that generic code
/// (curve formulas, MSM, FFT) compiles to direct calls on the concrete struct, with no boxing.
/// </summary>
public interface IField<T> : IEquatable<T> where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    static abstract T operator +(in T a, in T b);
    static abstract T operator -(in T a, in T b);
    static abstract T operator -(in T a);
    static abstract T operator *(in T a, in T b);
    static abstract bool operator ==(in T a, in T b);
    static abstract bool operator !=(in T a, in T b);
    T Square();
    T Double();
    /// <summary>The multiplicative inverse; zero maps to zero.</summary>
    T Inverse();
    bool IsZero { get; }
}
