using System.Globalization;

namespace Settlement.Risk;

/// <summary>
/// Daily closes of one or more series on shared dates, read from a CSV with the header <c>date,NAME[,NAME…]</c>
/// (dates <c>yyyy-MM-dd</c>, strictly increasing). A series may add its daily range in the columns <c>NAME.high</c> and
/// <c>NAME.low</c>. Every cell must hold a positive number: a gap (an empty cell or a short row) is refused, not filled,
/// because every model here works on consecutive rows and a filled gap would be a fake zero return.
/// </summary>
public sealed class PriceHistory
{
    public string File { get; }
    public IReadOnlyList<DateOnly> Dates { get; }
    public IReadOnlyList<PriceSeries> Series { get; }

    private PriceHistory(string file, DateOnly[] dates, PriceSeries[] series) => (File, Dates, Series) = (file, dates, series);

    public PriceSeries this[string name] => Series.FirstOrDefault(s => s.Name == name)
        ?? throw new PriceDataException(File, 1, name, $"no series named '{name}' (the file has {string.Join(", ", Series.Select(s => s.Name))})");

    public static PriceHistory Read(string path)
    {
        if (!System.IO.File.Exists(path)) throw new PriceDataException(path, 0, null, "file not found");
        return Parse(path, System.IO.File.ReadAllLines(path));
    }

    /// <summary>Parses CSV lines; <paramref name="file"/> only names the source in errors.</summary>
    public static PriceHistory Parse(string file, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || lines[0].Trim().Length == 0) throw new PriceDataException(file, 1, null, "empty file: expected the header date,NAME[,NAME...]");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header[0] != "date") throw new PriceDataException(file, 1, header[0], "the first column must be 'date'");
        if (header.Length < 2) throw new PriceDataException(file, 1, null, "no price column after 'date'");
        for (int c = 1; c < header.Length; c++)
        {
            if (header[c].Length == 0) throw new PriceDataException(file, 1, $"#{c + 1}", "empty column name");
            if (Array.IndexOf(header, header[c]) != c) throw new PriceDataException(file, 1, header[c], "the column appears twice");
        }
        var closes = header.Skip(1).Where(h => !h.EndsWith(".high", StringComparison.Ordinal) && !h.EndsWith(".low", StringComparison.Ordinal)).ToArray();
        foreach (var h in header.Skip(1).Except(closes))
        {
            var name = h[..h.LastIndexOf('.')];
            if (!closes.Contains(name)) throw new PriceDataException(file, 1, h, $"a range column for '{name}', which has no close column");
            if (!header.Contains(name + ".high") || !header.Contains(name + ".low")) throw new PriceDataException(file, 1, h, $"'{name}' needs both {name}.high and {name}.low");
        }

        var dates = new List<DateOnly>();
        var values = new List<double[]>();
        for (int i = 1; i < lines.Count; i++)
        {
            int row = i + 1;
            if (lines[i].Trim().Length == 0)
            {
                if (lines.Skip(i).All(l => l.Trim().Length == 0)) break;
                throw new PriceDataException(file, row, null, "empty line: a gap in the series");
            }
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
                throw new PriceDataException(file, row, cells.Length < header.Length ? header[cells.Length] : null,
                    $"{cells.Length} cells, the header has {header.Length}" + (cells.Length < header.Length ? ": a gap" : ""));
            if (!DateOnly.TryParseExact(cells[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new PriceDataException(file, row, "date", $"'{cells[0]}' is not a date yyyy-MM-dd");
            if (dates.Count > 0 && date <= dates[^1])
                throw new PriceDataException(file, row, "date", date == dates[^1] ? $"{date:yyyy-MM-dd} appears twice" : $"{date:yyyy-MM-dd} comes after {dates[^1]:yyyy-MM-dd}: dates must increase");
            var v = new double[header.Length - 1];
            for (int c = 1; c < header.Length; c++)
            {
                var cell = cells[c].Trim();
                if (cell.Length == 0) throw new PriceDataException(file, row, header[c], "empty cell: a gap in the series");
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                    throw new PriceDataException(file, row, header[c], $"'{cell}' is not a number");
                if (x <= 0) throw new PriceDataException(file, row, header[c], $"{cell} is not a positive price");
                v[c - 1] = x;
            }
            dates.Add(date);
            values.Add(v);
        }
        if (dates.Count < 2) throw new PriceDataException(file, dates.Count + 1, null, "fewer than two rows of prices: no return to compute");

        double[] Column(string name)
        {
            int c = Array.IndexOf(header, name) - 1;
            return [.. values.Select(v => v[c])];
        }
        var series = new List<PriceSeries>();
        foreach (var name in closes)
        {
            bool ranged = header.Contains(name + ".high");
            var s = new PriceSeries(name, Column(name), ranged ? Column(name + ".high") : null, ranged ? Column(name + ".low") : null);
            if (ranged)
                for (int t = 0; t < s.Close.Count; t++)
                    if (s.Low![t] > s.High![t] || s.Close[t] > s.High[t] || s.Close[t] < s.Low[t])
                        throw new PriceDataException(file, t + 2, name + ".low", $"low {s.Low[t]}, close {s.Close[t]}, high {s.High[t]} are not ordered low ≤ close ≤ high");
            series.Add(s);
        }
        return new PriceHistory(file, [.. dates], [.. series]);
    }
}

/// <summary>One series' closes, and its daily highs and lows when the data has them.</summary>
public sealed record PriceSeries(string Name, IReadOnlyList<double> Close, IReadOnlyList<double>? High, IReadOnlyList<double>? Low)
{
    public bool HasRange => High is not null;

    /// <summary>Log returns: element t is ln(close[t+1] / close[t]).</summary>
    public double[] LogReturns()
    {
        var r = new double[Close.Count - 1];
        for (int t = 0; t < r.Length; t++) r[t] = Math.Log(Close[t + 1] / Close[t]);
        return r;
    }
}

/// <summary>A price file that cannot be used: the message names the file, the 1-based row (the header is row 1) and the column.</summary>
public sealed class PriceDataException(string file, int row, string? column, string problem)
    : Exception($"{file}: row {row}{(column is null ? "" : $", column {column}")}: {problem}")
{
    public string File { get; } = file;
    public int Row { get; } = row;
    public string? Column { get; } = column;
}
