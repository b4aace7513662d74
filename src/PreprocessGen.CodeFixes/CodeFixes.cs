using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PreprocessGen.CodeFixes;

/// <summary>PPG1001 / PPG1003: pass the catalog's config to <c>PreprocessedSession.Load</c>, one fix per official preprocessing.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassCatalogConfigFix)), Shared]
public sealed class PassCatalogConfigFix : CodeFixProvider
{
    private const string FixesProperty = "PreprocessGenFixes";
    private const string LoadersProperty = "PreprocessGenLoaders";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("PPG1001", "PPG1003");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not SyntaxNode node) continue;
            var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null) continue;
            if (diagnostic.Properties.TryGetValue(LoadersProperty, out var loaders) && !string.IsNullOrEmpty(loaders) && invocation.ArgumentList.Arguments.Count > 0)
            {
                foreach (string type in loaders!.Split(';'))
                {
                    // X.LoadSession(path): the generated type's config, checked against the model when it loads.
                    var path = invocation.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon is null || a.NameColon.Name.Identifier.Text == "modelPath") ?? invocation.ArgumentList.Arguments[0];
                    var call = SyntaxFactory.ParseExpression($"{type}.LoadSession()") as InvocationExpressionSyntax;
                    if (call is null) continue;
                    call = call.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(path.WithNameColon(null)))).WithTriviaFrom(invocation);
                    context.RegisterCodeFix(CodeAction.Create($"Use the generated loader {type}.LoadSession", async ct =>
                    {
                        var r = await context.Document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                        return r is null ? context.Document : context.Document.WithSyntaxRoot(r.ReplaceNode(invocation, call));
                    }, equivalenceKey: "PPG-loader-" + type), diagnostic);
                }
            }

            if (!diagnostic.Properties.TryGetValue(FixesProperty, out var fixes) || string.IsNullOrEmpty(fixes)) continue;
            foreach (string fix in fixes!.Split(';'))
            {
                var parts = fix.Split('|');
                if (parts.Length != 2) continue;
                string member = $"global::PreprocessGen.Pretrained.{parts[0]}.{parts[1]}.Spec";
                context.RegisterCodeFix(
                    CodeAction.Create($"Pass the catalog config of {parts[0]}.{parts[1]}", ct => AddArgument(context.Document, invocation, member, ct), equivalenceKey: "PPG-catalog-" + fix),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> AddArgument(Document document, InvocationExpressionSyntax invocation, string member, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        if (root is null) return document;
        var args = invocation.ArgumentList;
        var existing = args.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text == "preprocess");
        var value = SyntaxFactory.ParseExpression(member);
        ArgumentListSyntax updated = existing is not null
            ? args.ReplaceNode(existing, existing.WithExpression(value))
            : args.AddArguments(SyntaxFactory.Argument(SyntaxFactory.NameColon("preprocess"), default, value));
        return document.WithSyntaxRoot(root.ReplaceNode(args, updated));
    }
}

/// <summary>PPG1004: replace a hand-typed mean/std array with the catalog's constants.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseCatalogConstantFix)), Shared]
public sealed class UseCatalogConstantFix : CodeFixProvider
{
    private const string ConstantProperty = "PreprocessGenConstant";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("PPG1004");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ConstantProperty, out var member) || string.IsNullOrEmpty(member)) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax array) continue;
            string replacement = $"global::PreprocessGen.Pretrained.{member}.ToArray()";
            context.RegisterCodeFix(CodeAction.Create($"Use PreprocessGen.Pretrained.{member}", async ct =>
            {
                var r = await context.Document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                return r is null ? context.Document : context.Document.WithSyntaxRoot(r.ReplaceNode(array, SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(array)));
            }, equivalenceKey: "PPG1004-" + member), diagnostic);
        }
    }
}
