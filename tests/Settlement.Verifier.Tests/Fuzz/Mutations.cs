using System.Text;

namespace Settlement.Verifier.Tests.Fuzz;

/// <summary>
/// The seeded mutations of the fuzz smoke tests (tests/fuzz/README.md), shared by the verifier's and the prover's
/// test projects (the prover's links this file).
/// </summary>
public static class Mutations
{
    /// <summary>1..4 edits: flip a bit, set a byte to an edge value, insert, delete, duplicate a slice, or write a big count.</summary>
    public static byte[] Bytes(byte[] seed, Random rng)
    {
        var b = new List<byte>(seed);
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits; e++)
        {
            int at = b.Count == 0 ? 0 : rng.Next(b.Count);
            switch (rng.Next(7))
            {
                case 0 when b.Count > 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1 when b.Count > 0: b[at] = (byte)(rng.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => 0x80 }); break;
                case 2: b.Insert(at, (byte)rng.Next(256)); break;
                case 3 when b.Count > 0: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(16))); break;
                case 4 when b.Count > 0:
                    int len = Math.Min(b.Count - at, 1 + rng.Next(64));
                    b.InsertRange(rng.Next(b.Count), b.GetRange(at, len)); break;
                case 5 when b.Count > 4: // a count near 2^31 / 2^32 / 2^16 where a length field might sit
                    var big = rng.Next(3) switch { 0 => new byte[] { 0x7F, 0xFF, 0xFF, 0xF0 }, 1 => [0xFF, 0xFF, 0xFF, 0xFF], _ => [0xFF, 0xFF, 0x00, 0x01] };
                    int p = Math.Min(at, b.Count - 4);
                    for (int i = 0; i < 4; i++) b[p + i] = big[i];
                    break;
                case 6 when b.Count > 0: b.RemoveRange(at, b.Count - at); break; // truncate
                default: b.Add((byte)rng.Next(256)); break;
            }
        }
        return [.. b];
    }

    /// <summary>Text mutations that keep JSON mostly well-formed: duplicate a key, change a digit, swap a quote.</summary>
    public static string Json(string seed, Random rng)
    {
        if (rng.Next(3) == 0) return Encoding.UTF8.GetString(Bytes(Encoding.UTF8.GetBytes(seed), rng));
        var s = new StringBuilder(seed);
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits; e++)
        {
            int at = rng.Next(s.Length);
            switch (rng.Next(5))
            {
                case 0: // duplicate the "key": value pair that starts after the next quote
                    string str = s.ToString();
                    int q = str.IndexOf('"', at);
                    int comma = q < 0 ? -1 : str.IndexOfAny([',', '}'], q);
                    if (q >= 0 && comma > q && str[comma] == ',') s.Insert(comma + 1, " " + str[q..comma] + ",");
                    break;
                case 1 when char.IsAsciiDigit(s[at]): s[at] = (char)('0' + rng.Next(10)); break;
                case 2 when char.IsAsciiDigit(s[at]): s.Insert(at, new string('9', 1 + rng.Next(30))); break;
                case 3: s.Insert(at, rng.Next(4) switch { 0 => "\"", 1 => "-", 2 => "null", _ => "[" }); break;
                default: s.Remove(at, Math.Min(s.Length - at, 1 + rng.Next(8))); break;
            }
        }
        return s.ToString();
    }

}
