# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2016-amd64 `

ENV COMPLUS_NGenProtectedProcess_FeatureEnabled=0

RUN `
{{
if PRODUCT_VERSION != "4.6.2":{{
if PRODUCT_VERSION = "3.5"
:    {{InsertTemplate("Dockerfile.install-netfx3", [], "    ")}} `
^else
:    # Install .NET Fx {{PRODUCT_VERSION}}
    powershell -Command `
        $ProgressPreference = 'SilentlyContinue'; `
        [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; `
        Invoke-WebRequest `
            -UseBasicParsing `
            -Uri {{VARIABLES[cat(PRODUCT_VERSION, "|url")]}} `
            -OutFile dotnet-framework-installer.exe `
    && start /w .\dotnet-framework-installer.exe /q `
    && del .\dotnet-framework-installer.exe `
    && powershell Remove-Item -Force -Recurse ${Env:TEMP}\* ` \ 
}}    `
    # Apply latest patch
    && powershell -Command `
        $ProgressPreference = 'SilentlyContinue'; `
        [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; `
        Invoke-WebRequest `
            -UseBasicParsing `
            -Uri {{VARIABLES[cat("lcu|ltsc2016|", PRODUCT_VERSION)]}} ` \\
            -OutFile patch.msu; `
    && mkdir patch `
    && expand patch.msu patch -F:* `
    && del patch.msu `
    && dism /Online /Quiet /Add-Package /PackagePath:C:\patch\windows10.0-{{VARIABLES[cat("kb|ltsc2016|", PRODUCT_VERSION)]}}-x64{{if PRODUCT_VERSION = "4.8":-ndp48}}.cab `
    && rmdir /S /Q patch `
    `
}}    # ngen .NET Fx
    {{if PRODUCT_VERSION != "4.6.2":&& }}%windir%\Microsoft.NET\Framework64\v4.0.30319\ngen update `
    && %windir%\Microsoft.NET\Framework\v4.0.30319\ngen update{{
if PRODUCT_VERSION = "3.5" \
: `
    && %windir%\Microsoft.NET\Framework64\v2.0.50727\ngen update ` \ 
    && %windir%\Microsoft.NET\Framework\v2.0.50727\ngen update}}
