using System.Globalization;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>Slurm's array index lists: <c>0-3,7,9-11</c>, as sbatch --array takes and squeue prints (<c>123_[4-6]</c>).</summary>
public static class ArrayIndices
{
    public static string Format(IReadOnlyList<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? Text(sorted[i]) : $"{Text(sorted[i])}-{Text(sorted[j])}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>Parses <c>0-3,7</c> (a throttle such as <c>%4</c> is dropped).</summary>
    public static IReadOnlyList<int> Parse(string list)
    {
        var result = new List<int>();
        foreach (var part in list.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            var first = int.Parse(range[0], CultureInfo.InvariantCulture);
            var last = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : first;
            for (var index = first; index <= last; index++) result.Add(index);
        }
        return result;
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
