// Short names for the two curve groups; other projects get the same aliases from Directory.Build.props.
global using G1Affine = Settlement.Verifier.Bls12381.AffinePoint<Settlement.Verifier.Bls12381.Fp, Settlement.Verifier.Bls12381.G1>;
global using G1Jacobian = Settlement.Verifier.Bls12381.JacobianPoint<Settlement.Verifier.Bls12381.Fp, Settlement.Verifier.Bls12381.G1>;
global using G2Affine = Settlement.Verifier.Bls12381.AffinePoint<Settlement.Verifier.Bls12381.Fp2, Settlement.Verifier.Bls12381.G2>;
global using G2Jacobian = Settlement.Verifier.Bls12381.JacobianPoint<Settlement.Verifier.Bls12381.Fp2, Settlement.Verifier.Bls12381.G2>;
