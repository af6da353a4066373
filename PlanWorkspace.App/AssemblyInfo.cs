using System.Resources;

// The neutral resources are Korean; English lives in the .en satellite.
[assembly: NeutralResourcesLanguage("ko")]
