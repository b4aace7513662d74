extern alias gen;
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using gen::PreprocessGen.Generator;

namespace PreprocessGen.Generator.Tests;

/// <summary>The generator's caching: unrelated edits are free, whitespace edits change nothing, value edits regenerate.</summary>
public class IncrementalTests
{
    private static readonly string[] Steps = { PreprocessGenerator.TrackingNames.Parsed, PreprocessGenerator.TrackingNames.Collected };

    private static (GeneratorDriver Driver, Compilation Compilation, List<AdditionalText> Files) First()
    {
        var compilation = Harness.Compilation("namespace User { public static class A { } }");
        var files = GeneratorTests.FourDialects();
        var driver = Harness.Driver(files, GeneratorTests.Listed()).RunGenerators(compilation);
        return (driver, compilation, files);
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void An_unrelated_code_edit_leaves_every_step_cached()
    {
        var (driver, compilation, _) = First();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { public static class B { } }"));
        driver = driver.RunGenerators(edited);
        foreach (string step in Steps)
            Assert.All(Reasons(driver, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void A_whitespace_edit_of_a_config_leaves_the_model_and_output_unchanged()
    {
        var (driver, compilation, files) = First();
        var old = files[0];
        driver = driver.ReplaceAdditionalText(old, new Text(old.Path, GeneratorTests.Siglip.Replace("\n", "\n\n   "))).RunGenerators(compilation);
        var parsed = Reasons(driver, PreprocessGenerator.TrackingNames.Parsed).ToList();
        Assert.Contains(IncrementalStepRunReason.Unchanged, parsed);
        Assert.DoesNotContain(IncrementalStepRunReason.Modified, parsed);
        Assert.All(Reasons(driver, PreprocessGenerator.TrackingNames.Collected), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
    }

    [Fact]
    public void A_value_edit_of_a_config_regenerates()
    {
        var (driver, compilation, files) = First();
        var old = files[0];
        driver = driver.ReplaceAdditionalText(old, new Text(old.Path, GeneratorTests.Siglip.Replace("\"image_size\": 224", "\"image_size\": 256"))).RunGenerators(compilation);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, PreprocessGenerator.TrackingNames.Parsed));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, PreprocessGenerator.TrackingNames.Collected));
        Assert.Contains("public const int Width = 256;", driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).Single(t => t.Contains("class VitB16Siglip")));
    }

    [Fact]
    public void No_step_holds_a_compilation_symbol_syntax_location_or_additional_text()
    {
        var (driver, _, _) = First();
        var banned = new[] { typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(AdditionalText), typeof(SemanticModel) };
        var ours = new[] { PreprocessGenerator.TrackingNames.Options, PreprocessGenerator.TrackingNames.Configs, PreprocessGenerator.TrackingNames.Parsed, PreprocessGenerator.TrackingNames.Collected };
        var tracked = driver.GetRunResult().Results.Single().TrackedSteps;
        Assert.All(ours, name => Assert.True(tracked.ContainsKey(name), name));
        foreach (var step in ours.SelectMany(name => tracked[name]))
            foreach (var (value, _) in step.Outputs)
                Check(value, banned, step.Name ?? "?", 0);
    }

    private static void Check(object? value, Type[] banned, string step, int depth)
    {
        if (value is null || depth > 6) return;
        var type = value.GetType();
        Assert.False(banned.Any(b => b.IsAssignableFrom(type)), $"step {step} holds a {type}");
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (value is IEnumerable items && value is not string)
        {
            foreach (var item in items) Check(item, banned, step, depth + 1);
            return;
        }

        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Check(f.GetValue(value), banned, step, depth + 1);
    }
}
