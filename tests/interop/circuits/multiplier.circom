pragma circom 2.0.0;

// (a) The smallest useful Groth16 circuit: c = a * b, with a and b private and c the one public output.
// One constraint; witness layout [1, c, a, b].
template Multiplier() {
    signal input a;
    signal input b;
    signal output c;

    c <== a * b;
}

component main = Multiplier();
