namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The arithmetic every field type offers, as static abstract members so that generic code
/// (curve formulas, MSM, FFT) compiles to direct calls on the concrete struct, with no boxing.
/// </summary>
public interface IField<T> : IEquatable<T> where T : struct, IField<T>
{
    /// <summary>The additive identity.</summary>
    static abstract T Zero { get; }
    /// <summary>The multiplicative identity.</summary>
    static abstract T One { get; }
    /// <summary>Field addition.</summary>
    static abstract T operator +(in T a, in T b);
    /// <summary>Field subtraction.</summary>
    static abstract T operator -(in T a, in T b);
    /// <summary>Additive inverse.</summary>
    static abstract T operator -(in T a);
    /// <summary>Field multiplication.</summary>
    static abstract T operator *(in T a, in T b);
    /// <summary>Equality of field elements (not of representations).</summary>
    static abstract bool operator ==(in T a, in T b);
    /// <summary>Inequality of field elements.</summary>
    static abstract bool operator !=(in T a, in T b);
    /// <summary>x².</summary>
    T Square();
    /// <summary>2x.</summary>
    T Double();
    /// <summary>The multiplicative inverse; zero maps to zero.</summary>
    T Inverse();
    /// <summary>True for the additive identity.</summary>
    bool IsZero { get; }
}
