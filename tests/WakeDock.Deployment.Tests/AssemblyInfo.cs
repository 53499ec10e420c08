using System.Runtime.Versioning;

// Network namespaces, unix sockets and the images' Linux builds: these tests run on Linux only.
[assembly: SupportedOSPlatform("linux")]
