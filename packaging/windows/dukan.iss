; Inno Setup script for Dukan POS (Windows). Build the bundle first, on Windows:
;   python packaging\build.py            -> dist\dukan\
;   iscc packaging\windows\dukan.iss     -> dist\installer\DukanPOS-Setup-<version>.exe
;
; The AppId below is fixed for ever: it is how a new installer finds the old install
; and upgrades it in place. Never change it, never reuse it for another product.
; The shop's data lives outside {app}, in each Windows user's own
; %LOCALAPPDATA%\DukanPOS (platformdirs' user data dir): installing, upgrading and a
; plain uninstall never touch it. In an all-users install every user who starts the
; app has such a folder; the shortcuts and the uninstaller below account for that.

#define AppName "Dukan POS"
#define AppExe "dukan.exe"
#define Bundle AddBackslash(SourcePath) + "..\..\dist\dukan"
#ifndef AppVersion
  ; From the version resource dukan.spec writes into dukan.exe.
  #define AppVersion GetVersionNumbersString(Bundle + "\" + AppExe)
#endif

[Setup]
AppId={{8F3C2A71-5D4E-4B9A-9C61-2E7D0A4F1B53}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Dukan POS
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Dukan POS
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default (a shop PC's user is often not an administrator); the data dir
; is per-user too, so the app and its data belong to the same account.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#SourcePath}\..\..\dist\installer
OutputBaseFilename=DukanPOS-Setup-{#AppVersion}
SetupIconFile={#SourcePath}\..\..\resources\icons\dukan.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Close a running Dukan POS before replacing its files (it writes its on-close backup).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle: no module from the old version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\dukan-cli.exe"" --self-test"; WorkingDir: "{app}"
; The app opens the data folder of whoever clicks (an all-users install's Start menu is
; shared: a path fixed at install time would be the installing administrator's folder).
Name: "{group}\Shop data and backups"; Filename: "{app}\{#AppExe}"; Parameters: "--open-data-folder"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; postinstall entries run as the user who started the installer (not an elevated admin
; account), so the first start creates the data folder in that user's profile.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[Code]
var
  DeleteShopData: Boolean;
  DataDirs: TArrayOfString;

procedure AddIfExists(Dir: String);
begin
  if DirExists(Dir) then
  begin
    SetArrayLength(DataDirs, GetArrayLength(DataDirs) + 1);
    DataDirs[GetArrayLength(DataDirs) - 1] := Dir;
  end;
end;

{ The shop data folders this uninstall is about: the current user's for a per-user
  install; for an all-users install, every user profile's (each user who ran the app
  has a %LOCALAPPDATA%\DukanPOS of their own), found through the profile list. }
procedure FindDataDirs();
var
  Sids: TArrayOfString;
  Profile, Key: String;
  I: Integer;
begin
  SetArrayLength(DataDirs, 0);
  if not IsAdminInstallMode() then
  begin
    AddIfExists(ExpandConstant('{localappdata}\DukanPOS'));
    Exit;
  end;
  Key := 'SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList';
  if RegGetSubkeyNames(HKLM, Key, Sids) then
    for I := 0 to GetArrayLength(Sids) - 1 do
      if RegQueryStringValue(HKLM, Key + '\' + Sids[I], 'ProfileImagePath', Profile) then
      begin
        StringChangeEx(Profile, '%SystemDrive%', ExpandConstant('{%SystemDrive}'), True);
        AddIfExists(AddBackslash(Profile) + 'AppData\Local\DukanPOS');
      end;
end;

function DataDirList(): String;
var
  I: Integer;
begin
  Result := '';
  for I := 0 to GetArrayLength(DataDirs) - 1 do
    Result := Result + #13#10 + '  ' + DataDirs[I];
end;

{ Uninstall keeps the shop's data unless this checkbox is ticked (and confirmed). }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Info: TNewStaticText;
  Check: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
  Count: Integer;
begin
  Result := True;
  DeleteShopData := False;
  FindDataDirs();
  Count := GetArrayLength(DataDirs);
  if UninstallSilent or (Count = 0) then
    Exit;
  Form := CreateCustomForm();
  try
    Form.Caption := 'Uninstall {#AppName}';
    Form.ClientWidth := ScaleX(480);
    Form.ClientHeight := ScaleY(150 + 16 * Count);
    Info := TNewStaticText.Create(Form);
    Info.Parent := Form;
    Info.Left := ScaleX(12);
    Info.Top := ScaleY(12);
    Info.Width := Form.ClientWidth - ScaleX(24);
    Info.AutoSize := False;
    Info.Height := ScaleY(56 + 16 * Count);
    Info.WordWrap := True;
    Info.Caption := 'The shop''s data (sales ledger, backups, logs) will be kept, so installing ' +
      'Dukan POS again brings everything back:' + DataDirList();
    Check := TNewCheckBox.Create(Form);
    Check.Parent := Form;
    Check.Left := ScaleX(12);
    Check.Top := Info.Top + Info.Height + ScaleY(8);
    Check.Width := Form.ClientWidth - ScaleX(24);
    if Count > 1 then
      Check.Caption := 'Also delete the shop''s data of all these users (this cannot be undone)'
    else
      Check.Caption := 'Also delete the shop''s data (this cannot be undone)';
    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Uninstall';
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(26);
    OkButton.Top := Form.ClientHeight - ScaleY(38);
    OkButton.Left := Form.ClientWidth - ScaleX(200);
    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancel';
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(26);
    CancelButton.Top := OkButton.Top;
    CancelButton.Left := Form.ClientWidth - ScaleX(102);
    Result := Form.ShowModal() = mrOk;
    if Result and Check.Checked then
      DeleteShopData := MsgBox('Delete every sale, customer balance and backup in these folders for good?' +
        DataDirList(), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  I: Integer;
begin
  if (CurUninstallStep = usPostUninstall) and DeleteShopData then
    for I := 0 to GetArrayLength(DataDirs) - 1 do
      DelTree(DataDirs[I], True, True, True);
end;
