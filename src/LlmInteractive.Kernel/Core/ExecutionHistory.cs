using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// This session's inputs (and the text of their results) by execution count, answering history_request (tail, range,
/// search) as IPython does for the current session (session number 0 means "this session" in range requests).
/// </summary>
public sealed class ExecutionHistory
{
    const int Session = 1;
    readonly List<(int Line, string Input)> entries = [];
    readonly Dictionary<int, string> outputs = [];
    readonly Lock gate = new();

    public void Add(int executionCount, string input)
    {
        lock (gate) entries.Add((executionCount, input));
    }

    /// <summary>Records the text/plain of a cell's result (IPython's Out[n]).</summary>
    public void AddOutput(int executionCount, string text)
    {
        lock (gate) outputs[executionCount] = text;
    }

    /// <summary>
    /// The "history" array of history_reply: [session, line, input] triples, or [session, line, [input, output]]
    /// when the request asks for output (null for cells without a result).
    /// </summary>
    public JsonArray Query(JsonObject request)
    {
        List<(int Line, string Input)> snapshot;
        Dictionary<int, string> results;
        lock (gate) (snapshot, results) = ([.. entries], new(outputs));
        var access = request["hist_access_type"]?.GetValue<string>() ?? "tail";
        var n = IntOr(request, "n", 10);
        IEnumerable<(int Line, string Input)> chosen = access switch
        {
            "tail" => snapshot.TakeLast(n),
            "range" => Range(snapshot, IntOr(request, "session", 0), IntOr(request, "start", 1), IntOr(request, "stop", int.MaxValue)),
            "search" => Search(snapshot, request["pattern"]?.GetValue<string>() ?? "*", request["unique"]?.GetValue<bool>() ?? false, n),
            _ => throw new ArgumentException($"hist_access_type '{access}' is not supported; use \"tail\", \"range\" or \"search\"."),
        };
        var withOutput = request["output"] is JsonValue o && o.TryGetValue(out bool wanted) && wanted;
        return [.. chosen.Select(e => (JsonNode)new JsonArray(Session, e.Line,
            withOutput ? new JsonArray(e.Input, results.TryGetValue(e.Line, out var text) ? text : null) : e.Input))];
    }

    static IEnumerable<(int Line, string Input)> Range(List<(int Line, string Input)> all, int session, int start, int stop) =>
        session is 0 or Session ? all.Where(e => e.Line >= start && e.Line < stop) : [];

    static IEnumerable<(int Line, string Input)> Search(List<(int Line, string Input)> all, string pattern, bool unique, int n)
    {
        // IPython's patterns are globs: * any run, ? one character.
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.Singleline);
        var matches = all.Where(e => regex.IsMatch(e.Input));
        if (unique) matches = matches.Reverse().DistinctBy(e => e.Input).Reverse();
        return matches.TakeLast(n);
    }

    static int IntOr(JsonObject o, string name, int fallback) =>
        o[name] is JsonValue v && v.TryGetValue(out int i) ? i : fallback;
}
