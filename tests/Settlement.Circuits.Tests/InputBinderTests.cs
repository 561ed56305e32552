using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class InputBinderTests
{
    private sealed record Leg(long Amount, long[] Fees);
    private sealed record Order(bool Buy, Fr Salt, Leg First, Leg Second);

    /// <summary>One description serves the circuit (declaration) and the witness (assignment).</summary>
    private static (Variable Buy, Variable Salt, Variable[] Amounts, Variable[] Fees) Bind(InputBinder<Order> b)
    {
        var buy = b.Secret("buy", o => o.Buy);
        var salt = b.Public("salt", o => o.Salt);
        var first = b.Part("first.", o => o.First);
        var second = b.Part("second.", o => o.Second);
        return (buy, salt, [first.Secret("amount", l => l.Amount), second.Secret("amount", l => l.Amount)], first.Secrets("fee", 2, l => l.Fees));
    }

    private static readonly Order Sample = new(true, Fr.FromUInt64(9), new Leg(5, [1, 2]), new Leg(-3, [0, 0]));

    private static CompiledCircuit Circuit() => Compile(api =>
    {
        var (buy, salt, amounts, fees) = Bind(InputBinder<Order>.Declare(api));
        api.AssertBoolean(buy);
        api.AssertEqual(amounts[0] + amounts[1], fees[0] + fees[1] - 1);
        api.AssertNonZero(salt);
    });

    [Fact]
    public void The_assignment_sets_exactly_the_declared_inputs()
    {
        var c = Circuit();
        var a = new Assignment();
        Bind(InputBinder<Order>.Assign(a, Sample));
        Assert.Equal(c.PublicInputNames.Concat(c.SecretInputNames).Order(), a.Values.Keys.Order());
        Assert.Equal(Fr.FromInt64(-3), a.Values["second.amount"]);
        Assert.Equal(Fr.One, a.Values["buy"]);
        Accepts(c, a);
        var b = new Assignment();
        Bind(InputBinder<Order>.Assign(b, Sample with { Second = new Leg(-2, [0, 0]) }));
        Rejects(c, b);
    }

    [Fact]
    public void An_array_of_the_wrong_width_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => Bind(InputBinder<Order>.Assign(new Assignment(), Sample with { First = new Leg(5, [1]) })));
        Assert.Contains("first.fee", e.Message);
    }
}
