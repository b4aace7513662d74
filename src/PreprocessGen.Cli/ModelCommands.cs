using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Onnx;

namespace PreprocessGen.Cli;

/// <summary><c>embed</c> and <c>inspect</c>: self-describing ONNX checkpoints.</summary>
internal static class ModelCommands
{
    public static Command Embed()
    {
        var model = new Option<FileInfo>("--model") { Description = "the ONNX model to describe", Required = true };
        var config = new Option<FileInfo>("--config") { Description = "its preprocess config, any supported dialect", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "where to write the model with the config in its metadata (a new file)" };
        var inPlace = new Option<bool>("--in-place") { Description = "rewrite --model itself (through a temporary file, renamed atomically)" };
        var force = new Option<bool>("--force") { Description = "replace --out if it exists" };
        var cmd = new Command("embed", $"Store the preprocessing in the model's ONNX metadata ('{OnnxModelFile.PreprocessMetadataKey}'), so the model describes itself.") { model, config, output, inPlace, force };
        cmd.SetAction(p => RunEmbed(p.GetValue(model)!, p.GetValue(config)!, p.GetValue(output), p.GetValue(inPlace), p.GetValue(force)));
        return cmd;
    }

    private static int RunEmbed(FileInfo model, FileInfo config, FileInfo? output, bool inPlace, bool force)
    {
        if (!model.Exists) return Fail($"{model.FullName}: model file not found", 2);
        if (!config.Exists) return Fail($"{config.FullName}: config file not found", 2);
        if (inPlace == (output is not null)) return Fail("give either --out <file> or --in-place", 2);
        string destination = inPlace ? model.FullName : output!.FullName;
        if (!inPlace && string.Equals(Path.GetFullPath(destination), model.FullName, StringComparison.Ordinal))
            return Fail($"{destination}: --out is the model itself; pass --in-place to rewrite it", 2);
        if (!inPlace && File.Exists(destination) && !force) return Fail($"{destination}: exists; pass --force to replace it", 2);

        var parsed = PreprocessConfig.Load(config.FullName);
        foreach (var problem in parsed.Problems) Console.Error.WriteLine(problem.ToString());
        if (parsed.Spec is null) return 2;
        try
        {
            // Check the model loads and its image input fits the config before writing anything.
            using (PreprocessedSession.Load(model.FullName, new PreprocessSessionOptions { Preprocess = parsed.Spec, AllowOverride = true })) { }
            string json = CanonicalFormat.Write(MeanImages.Inline(parsed.Spec));
            OnnxModelFile.WriteMetadata(model.FullName, destination, OnnxModelFile.PreprocessMetadataKey, json);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            return Fail(ex.Message, 1);
        }

        Console.WriteLine($"{destination}: preprocessing embedded ({parsed.Spec.Describe()})");
        return 0;
    }

    public static Command Inspect()
    {
        var target = new Argument<string>("model") { Description = "an .onnx file, or a folder holding one (an export bundle)" };
        var architecture = new Option<string?>("--architecture") { Description = "the OpenCLIP architecture, if the path does not name it" };
        var cmd = new Command("inspect", "Show a model's inputs, outputs, metadata, and the preprocessing it resolves to and where that came from.") { target, architecture };
        cmd.SetAction(p => RunInspect(p.GetValue(target)!, p.GetValue(architecture)));
        return cmd;
    }

    private static int RunInspect(string target, string? architecture)
    {
        var models = new List<string>();
        if (Directory.Exists(target))
            models.AddRange(Directory.EnumerateFiles(target, "*.onnx", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }).OrderBy(f => f, StringComparer.Ordinal));
        else if (File.Exists(target)) models.Add(target);
        else return Fail($"{target}: no such file or folder", 2);
        if (models.Count == 0) return Fail($"{target}: no .onnx file in the folder", 2);

        int worst = 0;
        foreach (string path in models)
        {
            Console.WriteLine(Path.GetFullPath(path));
            try
            {
                using (var session = new InferenceSession(path))
                {
                    foreach (var kv in session.InputMetadata) Console.WriteLine($"  input  {kv.Key}: {Describe(kv.Value)}");
                    foreach (var kv in session.OutputMetadata) Console.WriteLine($"  output {kv.Key}: {Describe(kv.Value)}");
                }

                foreach (var kv in OnnxModelFile.ReadMetadata(path))
                    Console.WriteLine($"  metadata {kv.Key} = {Shorten(kv.Value)}");
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or InvalidDataException or IOException)
            {
                Console.Error.WriteLine($"{path}: cannot read the model: {ex.Message}");
                worst = Math.Max(worst, 2);
                continue;
            }

            try
            {
                var resolved = PreprocessResolver.Resolve(path, architecture);
                Console.WriteLine($"  preprocessing: {resolved.Spec.Describe()}");
                Console.WriteLine($"  from: {resolved.Source.ToString().ToLowerInvariant()} ({resolved.Origin})");
            }
            catch (Exception ex) when (ex is MissingPreprocessConfigException or PreprocessConfigMismatchException or InvalidDataException)
            {
                Console.WriteLine("  preprocessing: unresolved");
                Console.Error.WriteLine(ex.Message);
                worst = Math.Max(worst, 1);
            }
        }

        return worst;
    }

    private static string Describe(NodeMetadata m)
    {
        if (!m.IsTensor) return m.OnnxValueType.ToString();
        var dims = m.Dimensions.Select((d, i) => d >= 0 ? d.ToString() : (i < m.SymbolicDimensions.Length && m.SymbolicDimensions[i].Length > 0 ? m.SymbolicDimensions[i] : "?"));
        return $"{m.ElementDataType.ToString().ToLowerInvariant()} [{string.Join(", ", dims)}]";
    }

    private static string Shorten(string value)
    {
        string oneLine = value.Replace("\r", "").Replace("\n", " ");
        return oneLine.Length <= 300 ? oneLine : oneLine.Substring(0, 300) + $"... ({value.Length} characters)";
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine(message);
        return code;
    }
}
