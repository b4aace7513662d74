extern alias gen;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace PreprocessGen.Generator.Tests;

/// <summary>The 15 real config files from public repositories, and the consumer project built as a user would build it.</summary>
public class RealConfigAndConsumerTests
{
    private readonly ITestOutputHelper _log;

    public RealConfigAndConsumerTests(ITestOutputHelper log) => _log = log;

    public static IEnumerable<object[]> RealConfigs() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "real-configs"), "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void All_fifteen_real_configs_are_here() => Assert.Equal(15, RealConfigs().Count());

    [Theory]
    [MemberData(nameof(RealConfigs))]
    public void A_real_config_generates_a_compiling_type_or_gets_its_specific_diagnostic(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "real-configs", file);
        var text = new Text(path, File.ReadAllText(path));
        var options = new Options().With(path, "PreprocessGen_Config", "true");
        var (result, output, generatorDiagnostics) = Harness.Run(new[] { text }, options);
        Assert.Empty(generatorDiagnostics);
        Assert.Null(result.Results.Single().Exception);
        var errors = Harness.Analyze(new[] { text }, options).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var sources = result.Results.Single().GeneratedSources;
        if (errors.Count > 0)
        {
            Assert.Empty(sources);
            Assert.All(errors, d => Assert.Equal(path, d.Location.GetLineSpan().Path));
            Assert.All(errors, d => Assert.Contains(d.Id, new[] { "PPG0003", "PPG0004" }));
            _log.WriteLine($"{file}: {errors[0].Id} at {errors[0].Location.GetLineSpan().StartLinePosition}: {errors[0].GetMessage()}");
        }
        else
        {
            Assert.Single(sources);
            var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            _log.WriteLine($"{file}: {sources[0].HintName}");
        }
    }

    [Fact]
    public void The_consumer_project_matches_the_oracle_with_configs_in_all_four_dialects()
    {
        string fixtures = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "PreprocessGen.Runtime.Tests", "Fixtures"));
        var stdout = new StringWriter();
        var old = Console.Out;
        Console.SetOut(stdout);
        int code;
        try
        {
            code = ConsumerApp.Program.Main(new[] { fixtures });
        }
        finally
        {
            Console.SetOut(old);
        }

        _log.WriteLine(stdout.ToString());
        Assert.Equal(0, code);
        Assert.Contains("135 tensors from 5 generated pipelines checked, 0 differ", stdout.ToString());
    }
}
