extern alias gen;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PreprocessGen.Config;
using Xunit;
using gen::PreprocessGen.Generator;

namespace PreprocessGen.Generator.Tests;

/// <summary>
/// Mutated configs (from the 15 real files and the catalog): truncations, byte flips, type swaps, huge and tiny
/// numbers, NaN/Infinity, duplicate keys, deep nesting, long strings, BOM, CRLF, comments, trailing commas. Never an
/// exception, never CS8785 or AD0001; a file that does not parse always gets a PPG error located inside it.
/// Set PPG_FUZZ_LONG=1 for a longer run.
/// </summary>
public class FuzzTests
{
    private static readonly bool Long = Environment.GetEnvironmentVariable("PPG_FUZZ_LONG") == "1";

    private static List<string> Seeds()
    {
        var seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "real-configs"), "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        seeds.AddRange(OpenClipCatalog.Entries.Take(20).Select(e => CanonicalFormat.Write(e)));
        return seeds;
    }

    private static readonly string[] Names = { "preprocessor_config.json", "open_clip_config.json", "x.preprocess.json", "config.json", "preprocess_cfg.json" };

    internal static IEnumerable<string> Mutants(int count, int seed)
    {
        var rng = new Random(seed);
        var seeds = Seeds();
        string[] literals = { "NaN", "Infinity", "-Infinity", "1e308", "1e-320", "-0", "99999999999999999999", "0", "-1", "\"x\"", "null", "true", "[]", "{}", "[1,2,3,4]", "\"\\ud800\"", "0.5" };
        for (int i = 0; i < count; i++)
        {
            string s = seeds[rng.Next(seeds.Count)];
            int ops = rng.Next(1, 4);
            for (int o = 0; o < ops; o++)
            {
                switch (rng.Next(12))
                {
                    case 0: s = s.Substring(0, rng.Next(s.Length + 1)); break;
                    case 1:
                    {
                        var chars = s.ToCharArray();
                        if (chars.Length > 0) chars[rng.Next(chars.Length)] = (char)rng.Next(1, 128);
                        s = new string(chars);
                        break;
                    }
                    case 2:
                    {
                        // Replace a number or a string value with another literal (type swaps, extremes).
                        int at = s.IndexOf(':', rng.Next(Math.Max(1, s.Length)));
                        if (at < 0) break;
                        int end = at + 1;
                        while (end < s.Length && s[end] != ',' && s[end] != '}' && s[end] != ']') end++;
                        s = s.Substring(0, at + 1) + " " + literals[rng.Next(literals.Length)] + s.Substring(end);
                        break;
                    }
                    case 3: s = s.Replace("{", "{\"image_size\": 1, ", StringComparison.Ordinal); break; // duplicate keys
                    case 4: s = new string('[', rng.Next(60, 400)) + s + new string(']', rng.Next(0, 400)); break; // deep nesting
                    case 5: s = s.Replace("\"mean\"", "\"mean\": \"" + new string('a', rng.Next(1000, 200_000)) + "\", \"mean2\"", StringComparison.Ordinal); break;
                    case 6: s = "\uFEFF" + s; break;
                    case 7: s = s.Replace("\n", "\r\n", StringComparison.Ordinal); break;
                    case 8: s = "// comment\n/* block */" + s; break;
                    case 9: s = s.Replace("]", ",]", StringComparison.Ordinal); break; // trailing commas
                    case 10: s = s.Replace("0.5", "5e-" + rng.Next(1, 400), StringComparison.Ordinal); break;
                    default: s = s.Replace("\"", "", StringComparison.Ordinal); break;
                }
            }

            yield return s;
        }
    }

    [Fact]
    public void Ten_thousand_mutated_configs_never_throw_and_every_problem_lies_inside_its_file()
    {
        int n = Long ? 200_000 : 10_000, parsedOk = 0;
        int i = 0;
        foreach (string text in Mutants(n, 1))
        {
            string name = Names[i++ % Names.Length];
            var result = PreprocessConfig.Parse(text, name);
            if (result.Success) parsedOk++;
            else Assert.Contains(result.Problems, p => p.Severity == ProblemSeverity.Error);
            foreach (var p in result.Problems)
            {
                Assert.InRange(p.Span.Start, 0, text.Length);
                Assert.InRange(p.Span.Start + p.Span.Length, 0, text.Length);
                Assert.True(p.Line >= 1 && p.Column >= 1 && p.EndLine >= p.Line, p.ToString());
                Assert.False(string.IsNullOrEmpty(p.Message) || string.IsNullOrEmpty(p.Fix), p.ToString());
            }
        }

        Assert.InRange(parsedOk, 1, n - 1); // the mutants are a mix of valid and broken files
    }

    [Fact]
    public async System.Threading.Tasks.Task Mutated_configs_through_the_generator_and_the_analyzer_never_crash_the_compiler()
    {
        int n = Long ? 50_000 : 10_000;
        var texts = Mutants(n, 2).Select((t, i) => (AdditionalText)new Text($"/fuzz/{i}/{Names[i % Names.Length]}", t)).ToList();
        var options = new Options();
        foreach (var t in texts) options.With(t.Path, "PreprocessGen_Config", "true");
        for (int start = 0; start < texts.Count; start += 1000)
        {
            var batch = texts.Skip(start).Take(1000).ToList();
            var (result, output, diagnostics) = Harness.Run(batch, options);
            Assert.Null(result.Results.Single().Exception);
            Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");
            Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

            var analyzerExceptions = new List<Exception>();
            var compilation = Harness.Compilation("namespace User { internal static class Empty { } }");
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConfigFileAnalyzer()),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(batch.ToImmutableArray(), options), (ex, _, _) => analyzerExceptions.Add(ex), concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var found = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
            Assert.Empty(analyzerExceptions);
            Assert.DoesNotContain(found, d => d.Id == "AD0001");
            var byFile = found.Where(d => d.Id.StartsWith("PPG", StringComparison.Ordinal)).GroupBy(d => d.Location.GetLineSpan().Path).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var t in batch)
            {
                string text = t.GetText()!.ToString();
                bool valid = PreprocessConfig.Parse(text, t.Path).Success;
                if (!valid) Assert.True(byFile.ContainsKey(t.Path) && byFile[t.Path].Any(d => d.Severity == DiagnosticSeverity.Error), $"no PPG error for {t.Path}");
                if (byFile.TryGetValue(t.Path, out var ds))
                    foreach (var d in ds)
                        Assert.True(d.Location.SourceSpan.End <= text.Length, $"{d} lies outside {t.Path}");
            }
        }
    }

    [Fact]
    public void A_ten_megabyte_config_is_refused_quickly_and_a_large_valid_one_parses_in_linear_time()
    {
        var big = new StringBuilder("{\"image_size\": 224, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"name\": \"");
        big.Append('x', 10 * 1024 * 1024).Append("\"}");
        var clock = Stopwatch.StartNew();
        var result = PreprocessConfig.Parse(big.ToString(), "big.preprocess.json");
        Assert.False(result.Success);
        Assert.Contains("configs are limited to 1048576", result.Problems[0].Message);
        // A guard against a hang, not a speed measurement (those live in benchmarks/).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());

        var wide = new StringBuilder("{\"image_size\": 224, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"comment\": [");
        for (int i = 0; i < 100_000; i++) wide.Append(i == 0 ? "" : ",").Append("1.5");
        wide.Append("]}");
        clock.Restart();
        var parsed = PreprocessConfig.Parse(wide.ToString(), "wide.preprocess.json");
        Assert.True(parsed.Success);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }
}
