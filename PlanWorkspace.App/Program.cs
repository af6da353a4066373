using PlanWorkspace.App;

if (PlanWorkspace.App.Consultation.PdfTextCommand.Handles(args))
{
    // The child that reads one PDF for the search (ADR-017): no host, no configuration, no database.
    return PlanWorkspace.App.Consultation.PdfTextCommand.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPlanWorkspace();

var app = builder.Build();
if (args is ["create-vice-chair", ..])
{
    return await app.RunCreateViceChairCommandAsync(args[1..]);
}
if (PlanWorkspace.App.Consultation.ConsultationCommands.Handles(args))
{
    return await PlanWorkspace.App.Consultation.ConsultationCommands.RunConsultationCommandAsync(app, args);
}

await app.InitializePlanWorkspaceAsync();
app.UsePlanWorkspace();
app.Run();
return 0;
