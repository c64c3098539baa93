global using Bridge.Core;
global using Bridge.Core.Ids;
global using Bridge.Core.Money;
global using Bridge.Core.Storage;
global using Bridge.Testing;
global using Dapper;
global using Xunit;
