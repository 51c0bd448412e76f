using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>Each kind loads from its CSV (and from a JSON bundle) into the tables the app reads.</summary>
[TestClass]
public sealed class ImportKindsTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    [TestMethod]
    public async Task Every_kind_imports_from_its_csv()
    {
        var p = TestEnvironment.UniqueName("prov");

        ImportAssert.Done(await _app.ImportCsvAsync("providers",
            "providerId,name,inn,kpp,ogrn,legalAddress,phone,email,website,timeZone,readingsDay,billDueDay,acceptedProofs,plausibleAbove,plausibleBelow\n" +
            $"{p},\"ООО \"\"Омскэнергосбыт\"\"\",5503249258,550301001,1115543000227,\"г. Омск, ул. Орджоникидзе, 270\",+73812000000,info@example.com,https://example.com,Asia/Omsk,23,15,lastPayment;meterSerial,0.5,0.3\n"), 1);
        var provider = (await ImportStorage.FindAsync("providers", "provider", p))!;
        Assert.AreEqual("ООО \"Омскэнергосбыт\"", provider["Name"]);
        Assert.AreEqual("г. Омск, ул. Орджоникидзе, 270", provider["LegalAddress"]);
        Assert.AreEqual("Asia/Omsk", provider["TimeZone"]);
        Assert.AreEqual(23, provider["ReadingsDay"]);
        Assert.AreEqual(15, provider["BillDueDay"]);
        Assert.AreEqual("lastPayment,meterSerial", provider["AcceptedProofs"]);
        Assert.AreEqual("0.5", provider["PlausibleAbove"]);

        ImportAssert.Done(await _app.ImportCsvAsync("services",
            "providerId,service,name,unit,kind,fixedAmount\n" +
            $"{p},electricity,Электроэнергия,kWh,metered,\n{p},solid_waste,Вывоз ТКО,person,fixed,15050\n"), 2);
        var waste = (await ImportStorage.FindAsync("services", p, "solid_waste"))!;
        Assert.AreEqual("fixed", waste["Kind"]);
        Assert.AreEqual(15050L, waste["FixedAmount"]);

        ImportAssert.Done(await _app.ImportCsvAsync("tariffs",
            "providerId,service,zoneSet,effectiveFrom,bandUpTo,T1,day,night,peak,semipeak,zoneHours\n" +
            $"{p},electricity,day-night,2026-01-01,,,7.95,4.10,,,\n" +
            $"{p},electricity,T1,2026-01-01,,5.67,,,,,\n" +
            $"{p},electricity,day-night,2026-01-01,3900,,6.10,3.20,,,\n" +
            $"{p},electricity,peak-semipeak-night,2026-01-01,,,,3.1,8.2,6.5,\"{{\"\"peak\"\":[\"\"08:00-11:00\"\",\"\"18:00-22:00\"\"],\"\"semipeak\"\":[\"\"11:00-18:00\"\",\"\"22:00-23:00\"\"],\"\"night\"\":[\"\"23:00-08:00\"\"]}}\"\n"), 4);
        var dayNight = (await ImportStorage.FindAsync("tariffs", p, "electricity|day-night|2026-01-01"))!;
        Assert.AreEqual("""[{"upTo":"3900","rates":{"day":"6.10","night":"3.20"}},{"upTo":null,"rates":{"day":"7.95","night":"4.10"}}]""", dayNight["Bands"]);
        CollectionAssert.AreEqual(new[] { "07:00-23:00" }, JsonDocument.Parse((string)dayNight["ZoneHours"]).RootElement.GetProperty("day").EnumerateArray().Select(e => e.GetString()).ToArray());
        var t1 = (await ImportStorage.FindAsync("tariffs", p, "electricity|T1|2026-01-01"))!;
        Assert.AreEqual("""[{"upTo":null,"rates":{"T1":"5.67"}}]""", t1["Bands"]);
        var three = (await ImportStorage.FindAsync("tariffs", p, "electricity|peak-semipeak-night|2026-01-01"))!;
        StringAssert.Contains((string)three["ZoneHours"], "08:00-11:00");

        ImportAssert.Done(await _app.ImportCsvAsync("norms",
            $"providerId,rooms,residents,stove,kwhPerPerson\n{p},1,1,gas,110\n{p},2,3,electric,\"62,5\"\n"), 2);
        Assert.AreEqual("62.5", (await ImportStorage.FindAsync("norms", p, "2|3|electric"))!["KwhPerPerson"]);

        ImportAssert.Done(await _app.ImportCsvAsync("accounts",
            "providerId,number,holderName,address,rooms,residents,area,stove,openingBalance\n" +
            $"{p},55-0001,Иванов И. И.,\"г. Омск, ул. Ленина, д. 1, кв. 2\",2,3,54.3,electric,125050\n{p},55-0002,Петров П. П.,г. Омск,1,1,30,gas,-5000\n"), 2);
        var accountId = AccountIds.For(p, "55-0001");
        var account = (await ImportStorage.FindAsync("accounts", accountId, "account"))!;
        Assert.AreEqual("55-0001", account["Number"]);
        Assert.AreEqual(125050L, account["OpeningBalance"]);
        Assert.AreEqual(125050L, account["Balance"]);
        var opening = (await ImportStorage.PartitionAsync("accounts", accountId)).Single(e => e.RowKey.StartsWith("entry|opening|"));
        Assert.AreEqual(125050L, opening["Amount"]);
        Assert.AreEqual(opening["DueDate"], account["OpeningDueDate"]);
        Assert.AreEqual("54.3", account["Area"]);
        Assert.AreEqual("electric", account["Stove"]);
        Assert.AreEqual(accountId, (await ImportStorage.FindAsync("accountindex", p, "550001"))!["AccountId"]);
        Assert.AreEqual(-5000L, (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "550002"), "account"))!["Balance"]);

        ImportAssert.Done(await _app.ImportCsvAsync("meters",
            "providerId,accountNumber,serial,model,service,zoneSet,digits,fractionDigits,installedOn,verifiedUntil,accuracyClass,location,remoteRead,state\n" +
            $"{p},55-0001,SN-100,Меркурий 201,electricity,day-night,6,1,2020-05-01,2036-05-01,1.0,Лестничная клетка,true,active\n{p},55 0002,SN-200,,,,,,,,,,,\n"), 2);
        var meter = (await ImportStorage.FindAsync("accounts", accountId, MeterEntity.RowFor("SN-100")))!;
        Assert.AreEqual("day-night", meter["ZoneSet"]);
        Assert.AreEqual(1, meter["FractionDigits"]);
        Assert.AreEqual(true, meter["RemoteRead"]);
        Assert.AreEqual("2036-05-01", meter["VerifiedUntil"]);
        Assert.AreEqual(accountId, (await ImportStorage.FindAsync("meterindex", p, "SN-100"))!["AccountId"]);
        var second = (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "55-0002"), MeterEntity.RowFor("SN-200")))!;
        Assert.AreEqual("T1", second["ZoneSet"]);
        Assert.AreEqual(6, second["Digits"]);

        ImportAssert.Done(await _app.ImportCsvAsync("payments",
            $"providerId,accountNumber,date,amount,documentNumber,channel\n{p},55-0001,2026-02-10,150000,PP-17,bank\n"), 1);
        var payment = (await ImportStorage.FindAsync("accounts", accountId, "entry|payment|PP-17"))!;
        Assert.AreEqual(-150000L, payment["Amount"]);
        Assert.AreEqual("payment", payment["Kind"]);
        Assert.AreEqual("2026-02-10", payment["Date"]);
        Assert.AreEqual("bank", payment["Channel"]);
        Assert.AreEqual(125050L - 150000L, (await ImportStorage.FindAsync("accounts", accountId, "account"))!["Balance"]);
        Assert.AreEqual(accountId, (await ImportStorage.FindAsync("paymentdocs", p, "PP-17"))!["AccountId"]);

        ImportAssert.Done(await _app.ImportCsvAsync("bills",
            $"providerId,accountNumber,period,total,dueDate,status\n{p},55-0001,2026-01,145075,2026-02-15,paid\n"), 1);
        var bill = (await ImportStorage.FindAsync("accounts", accountId, "bill|2026-01"))!;
        Assert.AreEqual(145075L, bill["Total"]);
        Assert.AreEqual("paid", bill["Status"]);
        Assert.AreEqual("import", bill["Source"]);

        ImportAssert.Done(await _app.ImportCsvAsync("readings",
            $"providerId,accountNumber,serial,date,T1,day,night,peak,semipeak,status\n{p},55-0001,SN-100,2026-01-25,,15738.5,4211,,,billed\n{p},55-0002,SN-200,2026-01-25,987,,,,,\n"), 2);
        var reading = (await ImportStorage.FindAsync("accounts", accountId, ReadingRecordEntity.RowFor("SN-100", "2026-01-25")))!;
        Assert.AreEqual("""{"day":"15738.5","night":"4211"}""", reading["Values"]);
        Assert.AreEqual("import", reading["Channel"]);
        Assert.AreEqual("billed", reading["Status"]);
        Assert.AreEqual(DateTimeOffset.Parse("2026-01-24T18:00:00Z"), reading["SubmittedAt"]); // midnight in Omsk (UTC+6)
        Assert.AreEqual("accepted", (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "55-0002"), ReadingRecordEntity.RowFor("SN-200", "2026-01-25")))!["Status"]);

        // A remote-read system's readings come through the same file, marked with their channel.
        ImportAssert.Done(await _app.ImportCsvAsync("readings",
            $"providerId,accountNumber,serial,date,T1,channel\n{p},55-0002,SN-200,2026-02-25,1210,remote\n{p},55-0002,SN-200,2026-02-26,1215,carrier-pigeon\n"), 1, 1);
        Assert.AreEqual("remote", (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "55-0002"), ReadingRecordEntity.RowFor("SN-200", "2026-02-25")))!["Channel"]);
    }

    [TestMethod]
    public async Task A_json_bundle_loads_its_sections_in_dependency_order()
    {
        var p = TestEnvironment.UniqueName("prov");
        // Sections are listed in the "wrong" order on purpose: processing order is fixed.
        var status = await _app.ImportJsonAsync(new
        {
            readings = new object[] { new { providerId = p, accountNumber = "A-1", serial = "M1", date = "2026-02-20", T1 = 120.5 } },
            meters = new object[] { new { providerId = p, accountNumber = "A-1", serial = "M1", zoneSet = "T1", fractionDigits = 1, remoteRead = false } },
            accounts = new object[] { new { providerId = p, number = "A-1", holderName = "Сидоров", rooms = 1, residents = 2, area = "40.5", openingBalance = 1000 } },
            bills = new object[] { new { providerId = p, accountNumber = "A-1", period = "2026-01", total = 5000 } },
            payments = new object[] { new { providerId = p, accountNumber = "A-1", date = "2026-01-20", amount = 5000, documentNumber = "1" } },
            norms = new object[] { new { providerId = p, rooms = 1, residents = 2, stove = "gas", kwhPerPerson = 90 } },
            tariffs = new object[] { new { providerId = p, service = "electricity", zoneSet = "T1", effectiveFrom = "2026-01-01", T1 = 5.67 } },
            services = new object[] { new { providerId = p, service = "electricity", name = "Электроэнергия" } },
            providers = new object[] { new { providerId = p, name = "Поставщик", timeZone = "Europe/Moscow", acceptedProofs = new[] { "lastBill" } } },
        });

        ImportAssert.Done(status, 9);
        Assert.AreEqual("bundle", status.GetProperty("kind").GetString());
        Assert.AreEqual("json", status.GetProperty("format").GetString());
        Assert.AreEqual(1.0, status.GetProperty("progress").GetDouble());
        Assert.AreEqual(1, status.GetProperty("byKind").GetProperty("readings").GetProperty("accepted").GetInt32());
        Assert.AreEqual("lastBill", (await ImportStorage.FindAsync("providers", "provider", p))!["AcceptedProofs"]);
        var id = AccountIds.For(p, "A-1");
        Assert.AreEqual("""{"T1":"120.5"}""", (await ImportStorage.FindAsync("accounts", id, ReadingRecordEntity.RowFor("M1", "2026-02-20")))!["Values"]);
        // account, its opening entry, meter, payment entry, bill, reading
        Assert.AreEqual(6, (await ImportStorage.PartitionAsync("accounts", id)).Count);
        Assert.AreEqual(1000L - 5000L, (await ImportStorage.FindAsync("accounts", id, "account"))!["Balance"]);
    }

    [TestMethod]
    public async Task Semicolons_a_bom_crlf_and_quoted_line_breaks_are_read()
    {
        var p = await TestData.ProviderAsync(_app);
        var csv = "providerId;number;holderName;address;openingBalance\r\n" +
                  $"{p};77-1;\"Иванова; Анна\";\"г. Омск,\r\nул. Мира, 5\";100\r\n" +
                  "\r\n" +
                  $"{p};77-2;Смирнов;Омск;200\r\n";

        var status = await _app.RunAsync(ImportApp.Csv(csv, "accounts", bom: true));

        ImportAssert.Done(status, 2);
        var first = (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "77-1"), "account"))!;
        Assert.AreEqual("Иванова; Анна", first["HolderName"]);
        Assert.AreEqual("г. Омск,\r\nул. Мира, 5", first["Address"]);
        Assert.AreEqual(p, (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "77-2"), "account"))!["ProviderId"]);
    }

    [TestMethod]
    public async Task A_single_kind_json_document_and_a_json_file_upload_import()
    {
        var p = await TestData.ProviderAsync(_app);

        var fromBody = await _app.ImportJsonAsync(new { kind = "accounts", rows = new[] { new { providerId = p, number = "J-1" } } });
        var fromFile = await _app.RunAsync(ImportApp.File(JsonSerializer.SerializeToUtf8Bytes(new { kind = "accounts", rows = new[] { new { providerId = p, number = "J-2" } } }), null, "accounts.json"));

        ImportAssert.Done(fromBody, 1);
        ImportAssert.Done(fromFile, 1);
        Assert.AreEqual("accounts", fromFile.GetProperty("kind").GetString());
        Assert.AreEqual("accounts.json", fromFile.GetProperty("fileName").GetString());
        Assert.IsNotNull(await ImportStorage.FindAsync("accounts", AccountIds.For(p, "J-2"), "account"));
    }

    [TestMethod]
    public async Task The_status_names_who_started_it_and_when()
    {
        var p = await TestData.ProviderAsync(_app);
        var status = await _app.ImportCsvAsync("accounts", $"providerId,number\n{p},S-1\n");

        Assert.IsFalse(string.IsNullOrEmpty(status.GetProperty("createdBy").GetString()));
        var created = status.GetProperty("createdAt").GetDateTimeOffset();
        var started = status.GetProperty("startedAt").GetDateTimeOffset();
        var finished = status.GetProperty("finishedAt").GetDateTimeOffset();
        Assert.IsTrue(created <= started && started <= finished, status.ToString());
        StringAssert.StartsWith(status.GetProperty("source").GetString(), "imports/" + status.GetProperty("importId").GetString() + "/source.csv");
    }
}
