using System;
using System.Collections.Generic;
using System.Linq;

namespace PreprocessGen;

/// <summary>
/// No preprocessing could be found for a model: no argument, no metadata, no bundle config, and the architecture is
/// unknown or its official weights do not agree on one preprocessing. Never falls back to a default silently.
/// </summary>
public sealed class MissingPreprocessConfigException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public MissingPreprocessConfigException(string modelPath, string? architecture, IReadOnlyList<string> candidates, string message)
        : base(message)
    {
        ModelPath = modelPath;
        Architecture = architecture;
        Candidates = candidates;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The architecture (given or inferred from the path), or null when none could be told.</summary>
    public string? Architecture { get; }

    /// <summary>The configs that could apply (catalog entries as <c>architecture/tag: summary</c>), possibly empty.</summary>
    public IReadOnlyList<string> Candidates { get; }
}

/// <summary>Two sources of a model's preprocessing disagree (say the argument and the model's metadata).</summary>
public sealed class PreprocessConfigMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception; the message lists every differing field.</summary>
    public PreprocessConfigMismatchException(string modelPath, string first, string second, IReadOnlyList<string> differences)
        : base($"{modelPath}: the preprocessing from {first} and from {second} disagree: {string.Join("; ", differences)}. " +
               "Remove the wrong one, or pass AllowOverride = true to let the first win.")
    {
        ModelPath = modelPath;
        First = first;
        Second = second;
        Differences = differences;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The source that would win (e.g. "the argument").</summary>
    public string First { get; }

    /// <summary>The source it contradicts (e.g. "the model's metadata").</summary>
    public string Second { get; }

    /// <summary>Each differing field as <c>"field: a vs b"</c>.</summary>
    public IReadOnlyList<string> Differences { get; }
}

/// <summary>The model's image input does not fit the preprocessing (rank, element type, channels, fixed height/width).</summary>
public sealed class ModelInputMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ModelInputMismatchException(string modelPath, string inputName, string message)
        : base($"{modelPath}: input '{inputName}': {message}")
    {
        ModelPath = modelPath;
        InputName = inputName;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The input that does not fit.</summary>
    public string InputName { get; }
}
