using Settlement.Prover.Service;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Venue;

/// <summary>
/// The venue's record of the digests it signed (docs/spec.md §6: at most one per batch and root): it survives restarts,
/// a line torn by a crash is dropped (that signature never left), and any other damage is refused rather than skipped.
/// </summary>
public class SignLogTests
{
    private static readonly Fr Root = Fr.FromInt64(7), DigestA = Fr.FromInt64(11), DigestB = Fr.FromInt64(12);

    private static string TempLog() => Path.Combine(Directory.CreateTempSubdirectory("settle-signlog-").FullName, "venue-0.signed");

    [Fact]
    public void Records_survive_a_restart_and_a_second_digest_is_refused()
    {
        var path = TempLog();
        new SignLog(path).Record(3, Root, DigestA);
        var again = new SignLog(path);
        Assert.Equal(DigestA, again.Signed(3, Root));
        Assert.Null(again.Signed(4, Root));
        again.Record(3, Root, DigestA); // idempotent
        Assert.Throws<InvalidOperationException>(() => again.Record(3, Root, DigestB));
        Assert.Single(File.ReadAllLines(path));
    }

    [Fact]
    public void A_torn_last_line_is_dropped_and_the_next_record_starts_a_line_of_its_own()
    {
        var path = TempLog();
        new SignLog(path).Record(3, Root, DigestA);
        File.AppendAllText(path, $"4 0x{Root.ToHex()} 0x{DigestB.ToHex()[..20]}"); // crash mid-write
        var log = new SignLog(path);
        Assert.Null(log.Signed(4, Root));
        log.Record(4, Root, DigestA);
        var reread = new SignLog(path);
        Assert.Equal(DigestA, reread.Signed(3, Root));
        Assert.Equal(DigestA, reread.Signed(4, Root));
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Theory]
    [InlineData("3 0x{root} 0x{digest}x")]                                                     // not hex
    [InlineData("3 0x{root}")]                                                                 // a field missing
    [InlineData("-3 0x{root} 0x{digest}")]                                                     // a negative batch
    [InlineData("3 0x{root} 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")] // digest = r
    [InlineData("3 0x{root} 0x{other}")]                                                       // a second digest for (3, root)
    public void Any_other_damage_is_refused_naming_the_line(string line)
    {
        var path = TempLog();
        new SignLog(path).Record(3, Root, DigestA);
        File.AppendAllText(path, line.Replace("{root}", Root.ToHex()).Replace("{digest}", DigestA.ToHex()[..63]).Replace("{other}", DigestB.ToHex()) + "\n");
        File.AppendAllText(path, $"5 0x{Root.ToHex()} 0x{DigestA.ToHex()}\n"); // a good line after the damage
        var e = Assert.Throws<InvalidDataException>(() => new SignLog(path).Signed(5, Root));
        Assert.Contains("line 2", e.Message);
    }
}
