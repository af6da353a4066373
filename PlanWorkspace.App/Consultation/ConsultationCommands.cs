using PlanWorkspace.App.Consultation.Mail;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// The consultation's command-line tools. Like a normal start they migrate and seed the configured
/// database, then do their work and exit (0 on success, 1 on a failure, 2 on a usage error):
/// <c>import-mail &lt;file.mbox|file.eml|folder&gt; --consultation &lt;slug&gt;</c> prints a JSON report as its last line;
/// <c>export-opinions &lt;file.csv|file.xlsx&gt; --consultation &lt;slug&gt;</c> writes every opinion.
/// Whoever runs them has the server's database in hand, so no account is asked for.
/// </summary>
public static class ConsultationCommands
{
    public static bool Handles(string[] args) => args is ["import-mail" or "export-opinions", ..];

    public static async Task<int> RunConsultationCommandAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (args.Length != 4 || args[2] != "--consultation")
        {
            Console.Error.WriteLine("Usage: dotnet PlanWorkspace.App.dll import-mail <file.mbox|file.eml|folder> --consultation <slug>");
            Console.Error.WriteLine("       dotnet PlanWorkspace.App.dll export-opinions <file.csv|file.xlsx> --consultation <slug>");
            return 2;
        }
        var (command, path, slug) = (args[0], args[1], args[3]);
        await app.InitializePlanWorkspaceAsync();
        var seeder = app.Services.GetRequiredService<ConsultationSeeder>();
        if (seeder.Enabled)
        {
            await seeder.SeedAsync();
        }
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            if (command == "import-mail")
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    Console.Error.WriteLine($"No such file or folder: {path}");
                    return 2;
                }
                var report = await scope.ServiceProvider.GetRequiredService<MailImporter>().ImportPathAsync(path, slug);
                FlushLogs(app);
                Console.WriteLine(report.ToJson());
                return 0;
            }
            var xlsx = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
            if (!xlsx && !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("The export file must end in .csv or .xlsx.");
                return 2;
            }
            int rows;
            await using (var output = File.Create(path))
            {
                rows = await scope.ServiceProvider.GetRequiredService<OpinionExport>().WriteAsync(slug, output, xlsx);
            }
            FlushLogs(app);
            Console.WriteLine($"{{\"opinions\":{rows}}}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            FlushLogs(app);
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>The console logger writes on its own thread; dispose it so no log line lands after the report.</summary>
    private static void FlushLogs(WebApplication app) => (app.Services.GetService<ILoggerFactory>() as IDisposable)?.Dispose();
}
