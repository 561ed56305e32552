using System.Globalization;
using System.Runtime.InteropServices;

namespace Settlement.Bench.ProofTime;

/// <summary>The machine a run was taken on (docs: RESULTS must state cores, CPU model, memory, date and load).</summary>
public sealed record Machine(int Cores, string CpuModel, long MemoryBytes, string Runtime, string Os)
{
    public static Machine Current()
    {
        string cpu = "unknown";
        long mem = 0;
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        if (File.Exists("/proc/meminfo"))
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line != null) mem = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        return new Machine(Environment.ProcessorCount, cpu, mem, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription);
    }

    /// <summary>The 1-minute load average (NaN where /proc/loadavg does not exist).</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    public override string ToString() =>
        $"{Cores} cores ({CpuModel}), {MemoryBytes / (1L << 30)} GiB memory, {Runtime}, {Os}";
}

/// <summary>
/// The process's peak resident set (Linux VmHWM). <see cref="Reset"/> sets the peak back to the current RSS (writing 5
/// to /proc/self/clear_refs), so a peak read after one prove covers that prove plus what was already resident.
/// </summary>
public static class PeakMemory
{
    /// <summary>
    /// Frees what earlier sizes left (an aggressive full GC decommits the freed heap, so the RSS drops back) and resets
    /// the peak: without the decommit, a small size measured after a large one would report the large one's heap.
    /// </summary>
    public static bool CollectAndReset()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Reset();
    }

    public static bool Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Peak RSS in bytes, or the managed heap high-water mark where /proc is missing.</summary>
    public static long Peak()
    {
        if (File.Exists("/proc/self/status"))
            foreach (var l in File.ReadLines("/proc/self/status"))
                if (l.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024; // "VmHWM:\t  1234 kB": a tab, then padding that vanishes at 8 digits
        return Environment.WorkingSet;
    }
}
