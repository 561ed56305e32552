namespace Settlement.Risk.Tests;

public class PriceHistoryTests
{
    [Fact]
    public void The_committed_series_reads_whole()
    {
        var p = TestData.EuStocks;
        Assert.Equal(1860, p.Dates.Count);
        Assert.Equal(["DAX", "SMI", "CAC", "FTSE"], p.Series.Select(s => s.Name));
        Assert.Equal(new DateOnly(1991, 7, 1), p.Dates[0]);
        Assert.Equal(1628.75, p["DAX"].Close[0]);
        Assert.Equal(5455, p["FTSE"].Close[^1]);
        Assert.False(p["DAX"].HasRange);
    }

    [Theory]
    [InlineData("2024-01-02,100,", 3, "B", "empty cell: a gap")]
    [InlineData("2024-01-02,100", 3, "B", "a gap")]
    [InlineData("2024-01-02,100,abc", 3, "B", "'abc' is not a number")]
    [InlineData("2024-01-02,100,NaN", 3, "B", "is not a number")]
    [InlineData("2024-01-02,-5,7", 3, "A", "not a positive price")]
    [InlineData("2023-12-31,100,7", 3, "date", "comes after 2024-01-01: dates must increase")]
    [InlineData("2024-01-01,100,7", 3, "date", "appears twice")]
    [InlineData("02/01/2024,100,7", 3, "date", "is not a date yyyy-MM-dd")]
    public void Bad_rows_name_the_file_row_and_column(string badRow, int row, string column, string problem)
    {
        using var f = new TestData.TempFile("prices.csv", "date,A,B", "2024-01-01,99,7", badRow, "2024-01-09,101,8");
        var e = Assert.Throws<PriceDataException>(() => PriceHistory.Read(f.Path));
        Assert.Equal((f.Path, row, column), (e.File, e.Row, e.Column));
        Assert.Contains($"{f.Path}: row {row}, column {column}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void An_empty_line_inside_the_file_is_a_gap_and_headers_are_checked()
    {
        using var gap = new TestData.TempFile("gap.csv", "date,A", "2024-01-01,1", "", "2024-01-03,2");
        Assert.Contains("row 3: empty line: a gap", Assert.Throws<PriceDataException>(() => PriceHistory.Read(gap.Path)).Message);
        using var header = new TestData.TempFile("h.csv", "day,A", "2024-01-01,1");
        Assert.Contains("row 1, column day: the first column must be 'date'", Assert.Throws<PriceDataException>(() => PriceHistory.Read(header.Path)).Message);
        using var range = new TestData.TempFile("r.csv", "date,A,A.high", "2024-01-01,1,2", "2024-01-02,1,2");
        Assert.Contains("needs both A.high and A.low", Assert.Throws<PriceDataException>(() => PriceHistory.Read(range.Path)).Message);
        Assert.Contains("file not found", Assert.Throws<PriceDataException>(() => PriceHistory.Read(gap.Path + ".missing")).Message);
    }

    [Fact]
    public void Highs_and_lows_become_the_range_feature()
    {
        using var f = new TestData.TempFile("hl.csv", ["date,A,A.high,A.low", .. Enumerable.Range(0, 60).Select(i =>
            $"{new DateOnly(2024, 1, 1).AddDays(i):yyyy-MM-dd},{100 + i % 3},{103 + i % 3},{98 + i % 3}")]);
        var p = PriceHistory.Read(f.Path);
        Assert.True(p["A"].HasRange);
        var v = Features.ParkinsonVariance(p["A"])!;
        double hl = Math.Log(104.0 / 99.0); // the first return ends on row 1: high 104, low 99
        Assert.Equal(hl * hl / (4 * Math.Log(2)), v[0], 12);
        var rows = Features.Rows(p["A"].LogReturns(), v, withRange: true);
        Assert.Equal(Features.WithRangeNames.Length, rows[0].Values.Length);
    }
}
