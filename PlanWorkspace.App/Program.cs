using PlanWorkspace.App;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlanWorkspace();

var app = builder.Build();
if (args is ["create-vice-chair", ..])
{
    return await app.RunCreateViceChairCommandAsync(args[1..]);
}

await app.InitializePlanWorkspaceAsync();
app.UsePlanWorkspace();
app.Run();
return 0;
