using System.Globalization;

namespace Distillery.Benchmarks.Labeling;

/// <summary>
/// CPU time used so far (user + system, every core) by a process and all its descendants, and by
/// the whole machine, from Linux's <c>/proc</c>. A server such as PostgreSQL is one tree: the
/// postmaster and a backend per connection.
/// </summary>
internal static class ProcessCpu
{
    /// <summary>The kernel's USER_HZ: /proc reports CPU time in these ticks (100 on Linux x86-64).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU used by <paramref name="root"/> and its descendants (living ones).</summary>
    public static double TreeSeconds(int root)
    {
        var processes = All();
        var tree = new HashSet<int> { root };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, (parent, _)) in processes)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        return tree.Sum(pid => processes.TryGetValue(pid, out var process) ? process.Ticks : 0) / TicksPerSecond;
    }

    /// <summary>Seconds of CPU the whole machine has been busy (not idle, not waiting for I/O), summed over cores.</summary>
    public static double MachineSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
        return (fields.Take(8).Sum() - fields[3] - fields[4]) / TicksPerSecond;
    }

    /// <summary>The oldest process whose command line contains every one of <paramref name="parts"/>, or null.</summary>
    public static int? Find(params string[] parts)
    {
        int? found = null;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (parts.All(part => commandLine.Contains(part, StringComparison.Ordinal)) && (found is null || pid < found))
            {
                found = pid;
            }
        }

        return found;
    }

    /// <summary>Every process: its parent and the CPU ticks it has used (utime + stime).</summary>
    private static Dictionary<int, (int Parent, long Ticks)> All()
    {
        var processes = new Dictionary<int, (int, long)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // It exited meanwhile.
            }

            // "pid (comm) state ppid ... utime stime ...": comm may hold spaces, so count from its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            processes[pid] = (
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }

        return processes;
    }
}
