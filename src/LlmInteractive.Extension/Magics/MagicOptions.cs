using System.CommandLine;

namespace LlmInteractive.Extension;

/// <summary>Options several magics share, with their checks (bad values become usage errors before anything runs).</summary>
static class MagicOptions
{
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "The session variable holding the model (a Gpt, Bert or LstmLanguageModel).",
        Required = true,
    };

    public static Option<string?> Tokenizer() => new("--tokenizer", "-t")
    {
        Description = "The session variable holding the model's tokenizer, or cl100k (default: the session's only tokenizer).",
    };

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError($"{name} must be 1 or more.");
        });
        return option;
    }

    public static Option<int?> Index(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0) result.AddError($"{name} must be 0 or more.");
        });
        return option;
    }
}
