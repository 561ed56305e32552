pragma circom 2.0.0;

// (b) Several public inputs and outputs, linear and non-linear constraints.
//
// Public inputs:  coeffs[4] (a cubic's coefficients, constant term first) and v (a value that must fit in nBits bits).
// Private input:  x.
// Public outputs: y    = coeffs[0] + coeffs[1] x + coeffs[2] x^2 + coeffs[3] x^3   (Horner: 3 non-linear constraints)
//                 low  = v mod 16, the sum of v's four lowest bits                    (1 linear constraint)
//                 xv   = x * v                                                          (1 non-linear constraint)
// Range check of v:   bits[i] * (bits[i] - 1) = 0 for every bit (nBits non-linear)  and  sum bits[i] 2^i = v (1 linear).
template Poly(nBits) {
    signal input coeffs[4];
    signal input v;
    signal input x;
    signal output y;
    signal output low;
    signal output xv;

    // Horner evaluation: h2 = c3 x + c2, h1 = h2 x + c1, y = h1 x + c0.
    signal h2;
    signal h1;
    h2 <== coeffs[3] * x + coeffs[2];
    h1 <== h2 * x + coeffs[1];
    y <== h1 * x + coeffs[0];

    // Bit decomposition of the public value v.
    signal bits[nBits];
    var sum = 0;
    for (var i = 0; i < nBits; i++) {
        bits[i] <-- (v >> i) & 1;
        bits[i] * (bits[i] - 1) === 0;
        sum += bits[i] * (1 << i);
    }
    sum === v;

    low <== bits[0] + 2 * bits[1] + 4 * bits[2] + 8 * bits[3];
    xv <== x * v;
}

component main {public [coeffs, v]} = Poly(8);
