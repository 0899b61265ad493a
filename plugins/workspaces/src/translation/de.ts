/**
 * German texts of the plugin, one for every key of `messages.ts` (a test
 * checks that none is missing and that each keeps the English `{{values}}`).
 * Terms of Kubernetes and of the product (Workspace, Pod, GPU) stay as
 * German users of those tools know them.
 */
const de = {
  // common
  'common.cancel': 'Abbrechen',
  'common.close': 'Schließen',
  'common.none': 'keine',
  'common.dash': '—',
  'common.checkingPermissions': 'Ihre Berechtigungen werden geprüft…',
  'common.notAllowedToCreate': 'Sie dürfen keine Workspaces anlegen',
  'common.loadingProjects': 'Ihre Projekte werden geladen…',
  'common.notAssigned': 'Sie sind keinem Projekt zugeordnet',
  'common.createWorkspace': 'Workspace anlegen',
  'common.createWorkspaceTooltip': 'Einen Workspace anlegen',
  'common.initContainer': '{{name}} (Init)',

  // status
  'status.Creating': 'Wird angelegt',
  'status.Pending': 'Wartet',
  'status.Initializing': 'Wird initialisiert',
  'status.Running': 'Läuft',
  'status.Degraded': 'Beeinträchtigt',
  'status.Stopping': 'Wird gestoppt',
  'status.Stopped': 'Gestoppt',
  'status.Failed': 'Fehlgeschlagen',
  'status.Deleting': 'Wird gelöscht',
  'status.Unknown': 'Unbekannt',

  // format
  'format.cpu': '{{cpu}} CPU',
  'format.gpus_one': '{{count}} GPU',
  'format.gpus_other': '{{count}} GPUs',
  'format.ago': 'vor {{amount}} {{unit}}',
  'format.justNow': 'gerade eben',
  'format.units.d': 'T.',
  'format.units.h': 'Std.',
  'format.units.min': 'Min.',

  // createWorkspace
  'createWorkspace.title': 'Workspace anlegen',
  'createWorkspace.editTitle': '{{name}} bearbeiten',
  'createWorkspace.duplicateTitle': '{{name}} duplizieren',
  'createWorkspace.steps.environment': 'Umgebung',
  'createWorkspace.steps.compute': 'Rechenleistung',
  'createWorkspace.steps.data': 'Daten',
  'createWorkspace.steps.name': 'Name und Variablen',
  'createWorkspace.project': 'Projekt',
  'createWorkspace.projectHelp':
    'Der Workspace läuft im Namespace dieses Projekts.',
  'createWorkspace.noEnvironments':
    'Für dieses Projekt sind keine Umgebungen eingerichtet, daher kann darin kein Workspace angelegt werden. Bitten Sie Ihr Plattform-Team, eine unter workspaces.environments in app-config.yaml hinzuzufügen.',
  'createWorkspace.runningNotice':
    '{{name}} läuft: Änderungen gelten ab dem nächsten Start.',
  'createWorkspace.checks.chooseProject': 'Wählen Sie ein Projekt',
  'createWorkspace.checks.wholeGpus':
    '„{{value}}“ ist keine ganze Zahl von GPUs',
  'createWorkspace.checks.valueRequired': 'ein Wert ist erforderlich',
  'createWorkspace.back': 'Zurück',
  'createWorkspace.next': 'Weiter',
  'createWorkspace.save': 'Speichern',
  'createWorkspace.create': 'Anlegen',
  'createWorkspace.environmentStep.label': 'Umgebung',
  'createWorkspace.environmentStep.deprecated': 'Veraltet',
  'createWorkspace.environmentStep.noLongerOffered': 'Nicht mehr angeboten',
  'createWorkspace.environmentStep.useInstead': ' — verwenden Sie {{title}}',
  'createWorkspace.environmentStep.customImage': 'Eigenes Image (optional)',
  'createWorkspace.environmentStep.customImageHelp':
    'Ein Image aus {{registries}}; leer startet {{image}}',
  'createWorkspace.computeStep.label': 'Rechenprofil',
  'createWorkspace.computeStep.memory': '{{memory}} Arbeitsspeicher',
  'createWorkspace.computeStep.sharedMemory': '{{size}} /dev/shm',
  'createWorkspace.computeStep.adjust': '{{title}} anpassen (optional)',
  'createWorkspace.computeStep.cpu': 'CPU',
  'createWorkspace.computeStep.memoryLabel': 'Arbeitsspeicher',
  'createWorkspace.computeStep.gpus': 'GPUs',
  'createWorkspace.computeStep.overrideHelp':
    '{{min}} bis {{max}}; leer behält {{fallback}} des Profils',
  'createWorkspace.computeStep.gpuDescription': 'GPU: {{description}}{{via}}',
  'createWorkspace.computeStep.via': ' über {{scheduler}}',
  'createWorkspace.computeStep.scheduled': 'Eingeplant{{via}}',
  'createWorkspace.computeStep.nodes': 'Knoten: {{labels}}',
  'createWorkspace.computeStep.priority': 'Priorität: {{priorityClass}}',
  'createWorkspace.quota.region': 'Verbleibendes Kontingent',
  'createWorkspace.quota.title': 'Noch verfügbar in diesem Projekt',
  'createWorkspace.quota.item':
    '{{label}}: {{remaining}} von {{hard}} frei ({{name}})',
  'createWorkspace.quota.gpuResource': '{{resource}} (GPUs)',
  'createWorkspace.quota.thisPreset': 'Dieses Profil',
  'createWorkspace.quota.shortGpus_one':
    '{{preset}} verlangt {{count}} GPU, aber unter {{quota}} sind nur noch {{remaining}} frei: der Start würde abgelehnt.',
  'createWorkspace.quota.shortGpus_other':
    '{{preset}} verlangt {{count}} GPUs, aber unter {{quota}} sind nur noch {{remaining}} frei: der Start würde abgelehnt.',
  'createWorkspace.quota.labels.workspaces': 'Laufende Workspaces',
  'createWorkspace.quota.labels.gpus': 'GPUs',
  'createWorkspace.quota.labels.cpu': 'CPU',
  'createWorkspace.quota.labels.memory': 'Arbeitsspeicher',
  'createWorkspace.quota.labels.pods': 'Pods',
  'createWorkspace.quota.labels.requestsCpu': 'CPU-Anforderungen',
  'createWorkspace.quota.labels.limitsCpu': 'CPU-Limits',
  'createWorkspace.quota.labels.requestsMemory': 'Speicher-Anforderungen',
  'createWorkspace.quota.labels.limitsMemory': 'Speicher-Limits',
  'createWorkspace.dataStep.none':
    'Für dieses Projekt sind keine Datenquellen eingerichtet; der Workspace hat kein Volume, und Dateien darin gehen beim Stoppen verloren.',
  'createWorkspace.dataStep.mountedAt': '{{title}} unter {{mountPath}}',
  'createWorkspace.dataStep.size': 'Größe von {{title}}',
  'createWorkspace.dataStep.sizeHelp': 'Bis zu {{max}}; leer ergibt {{size}}',
  'createWorkspace.dataStep.volume': 'Neues Volume mit {{size}}',
  'createWorkspace.dataStep.volumeRetained':
    'Neues Volume mit {{size}}, bleibt nach dem Löschen erhalten',
  'createWorkspace.dataStep.git': 'Klon von {{repository}}',
  'createWorkspace.dataStep.gitBranch': 'Klon von {{repository}} ({{branch}})',
  'createWorkspace.dataStep.pvc': 'Vorhandener Volume Claim {{name}}',
  'createWorkspace.dataStep.pvcReadOnly':
    'Vorhandener Volume Claim {{name}}, schreibgeschützt',
  'createWorkspace.dataStep.nfs': 'NFS {{server}}:{{path}}',
  'createWorkspace.dataStep.configMap': 'ConfigMap {{name}}',
  'createWorkspace.dataStep.secret': 'Secret {{name}}',
  'createWorkspace.dataStep.scratch':
    'Arbeitsbereich von {{size}}, bei jedem Stopp geleert',
  'createWorkspace.credentials.registry': 'lädt sein Image mit {{title}}',
  'createWorkspace.credentials.git': 'klont mit {{title}}',
  'createWorkspace.credentials.secret': 'erhält seine Werte mit {{title}}',
  'createWorkspace.credentials.choice': 'Zugangsdaten für {{title}}',
  'createWorkspace.credentials.choiceHelp':
    'Das Token oder der Schlüssel, mit dem geklont wird',
  'createWorkspace.nameStep.name': 'Name',
  'createWorkspace.nameStep.nameHelp': 'Eindeutig im Projekt: {{rule}}',
  'createWorkspace.nameStep.variables': 'Umgebungsvariablen',
  'createWorkspace.nameStep.variable': 'Variable',
  'createWorkspace.nameStep.value': 'Wert',
  'createWorkspace.nameStep.unchanged': 'unverändert',
  'createWorkspace.nameStep.secret': 'Geheim',
  'createWorkspace.nameStep.remove': '{{name}} entfernen',
  'createWorkspace.nameStep.removeUnnamed': 'Variable entfernen',
  'createWorkspace.nameStep.add': 'Variable hinzufügen',
  'createWorkspace.nameStep.secretsNote':
    'Geheime Werte werden verschlüsselt gespeichert und nie wieder angezeigt.',
  'createWorkspace.nameStep.start': 'Den Workspace nach dem Anlegen starten',
  'createWorkspace.duplicate.filledIn':
    'Eine Kopie von {{original}}: Umgebung, Rechenleistung, Datenquellen, Variablen und Zeitplan sind ausgefüllt; ändern Sie, was Sie möchten.',
  'createWorkspace.duplicate.newVolumes':
    'Die Kopie erhält eigene, neue Volumes: nichts von den Volumes von {{original}} wird kopiert, und die Daten von {{original}} bleiben unberührt.',
  'createWorkspace.duplicate.secrets_one':
    'Geheime Werte werden nie wieder angezeigt und können daher nicht aus {{original}} kopiert werden: geben Sie {{names}} erneut ein oder entfernen Sie die Variable.',
  'createWorkspace.duplicate.secrets_other':
    'Geheime Werte werden nie wieder angezeigt und können daher nicht aus {{original}} kopiert werden: geben Sie {{names}} erneut ein oder entfernen Sie die Variablen.',
  'createWorkspace.duplicate.schedule':
    'Übernimmt den Zeitplan von {{original}}: {{schedule}}.',
  'createWorkspace.duplicate.stops': 'stoppt um {{time}}',
  'createWorkspace.duplicate.starts': 'startet um {{time}}',
  'createWorkspace.duplicate.onDays': '{{what}} an {{days}}',
  'createWorkspace.duplicate.and': '{{first}} und {{second}}',
  'createWorkspace.duplicate.timeZone': '{{times}} ({{timeZone}})',
  'createWorkspace.duplicate.environmentGone':
    'Die Umgebung {{environment}} von {{original}} wird in diesem Projekt nicht mehr angeboten: wählen Sie eine andere.',
  'createWorkspace.duplicate.presetGone':
    'Das Rechenprofil {{preset}} von {{original}} wird in diesem Projekt nicht mehr angeboten: wählen Sie ein anderes.',
  'createWorkspace.duplicate.dataSourceGone':
    'Die Datenquelle {{dataSource}} von {{original}} wird in diesem Projekt nicht mehr angeboten, daher erhält die Kopie sie nicht.',
  'createWorkspace.duplicate.credentialGone':
    'Die Zugangsdaten {{credential}}, mit denen {{original}} {{source}} klont, werden dafür nicht mehr angeboten.',
  'createWorkspace.duplicate.data.volume':
    '{{title}}: ein neues, leeres Volume',
  'createWorkspace.duplicate.data.scratch':
    '{{title}}: neuer, leerer Arbeitsbereich',
  'createWorkspace.duplicate.data.git':
    '{{title}}: erneut geklont aus {{repository}}',
  'createWorkspace.duplicate.data.pvc':
    '{{title}}: der vorhandene Volume Claim {{name}}, gemeinsam mit dem Original und jedem Workspace, der ihn wählt — Änderungen zeigen sich in beiden',
  'createWorkspace.duplicate.data.pvcReadOnly':
    '{{title}}: der vorhandene Volume Claim {{name}}, gemeinsam mit dem Original und jedem Workspace, der ihn wählt (schreibgeschützt)',
  'createWorkspace.duplicate.data.nfs':
    '{{title}}: der gemeinsame NFS-Export {{server}}:{{path}}, wie beim Original',
  'createWorkspace.duplicate.data.configMap':
    '{{title}}: die ConfigMap {{name}}, wie beim Original',
  'createWorkspace.duplicate.data.secret':
    '{{title}}: das Secret {{name}}, wie beim Original',

  // grid
  'grid.title': 'Workspaces',
  'grid.columns.name': 'Name',
  'grid.columns.project': 'Projekt',
  'grid.columns.status': 'Status',
  'grid.columns.createdBy': 'Angelegt von',
  'grid.columns.environment': 'Umgebung',
  'grid.columns.resources': 'Ressourcen',
  'grid.columns.gpus': 'GPUs',
  'grid.columns.node': 'Knoten',
  'grid.columns.runningFor': 'Läuft seit',
  'grid.columns.idleFor': 'Untätig seit',
  'grid.columns.storage': 'Speicher',
  'grid.columns.age': 'Alter',
  'grid.columns.actions': 'Aktionen',
  'grid.since': 'Seit {{time}}',
  'grid.lastUsed': 'Zuletzt benutzt {{age}}',
  'grid.selectAll': 'Alle laufenden Workspaces auswählen',
  'grid.select': '{{name}} auswählen',
  'grid.stopSelected': 'Ausgewählte stoppen ({{count}})',
  'grid.filters.all': 'Alle',
  'grid.filters.status': 'Status',
  'grid.filters.createdBy': 'Angelegt von',
  'grid.filters.gpus': 'GPUs',
  'grid.filters.node': 'Knoten',
  'grid.filters.project': 'Projekt',
  'grid.filters.dormancy': 'Ruhezustand',
  'grid.filters.gpusOrMore': '{{count}} oder mehr',
  'grid.filters.warned': 'Vor Löschung gewarnt',
  'grid.filters.notWarned': 'Nicht gewarnt',
  'grid.bulkStop.confirm_one': '{{count}} Workspace stoppen?',
  'grid.bulkStop.confirm_other': '{{count}} Workspaces stoppen?',
  'grid.bulkStop.stopping_one': '{{count}} Workspace wird gestoppt',
  'grid.bulkStop.stopping_other': '{{count}} Workspaces werden gestoppt',
  'grid.bulkStop.button_one': '{{count}} Workspace stoppen',
  'grid.bulkStop.button_other': '{{count}} Workspaces stoppen',
  'grid.bulkStop.explanation':
    'Ihre Tools werden geschlossen und GPUs, CPU und Arbeitsspeicher freigegeben; Konfiguration und Volumes bleiben erhalten. Jeder Stopp wird einzeln geprüft und protokolliert: ein abgelehnter hält die anderen nicht auf.',
  'grid.bulkStop.outcome': '{{stopped}} gestoppt, {{refused}} abgelehnt.',
  'grid.bulkStop.list': 'Zu stoppende Workspaces',
  'grid.bulkStop.waiting': 'Wartet…',
  'grid.bulkStop.stopped': 'Gestoppt',
  'grid.bulkStop.refused': 'Abgelehnt: {{reason}}',

  // actions
  'actions.open': '{{tool}} öffnen',
  'actions.start': 'Starten',
  'actions.stop': 'Stoppen',
  'actions.edit': 'Bearbeiten',
  'actions.duplicate': 'Duplizieren',
  'actions.delete': 'Löschen',
  'actions.updateTo': 'Auf {{title}} aktualisieren',
  'actions.isInStatus': 'Status: {{status}}',
  'actions.waitingFor.start': 'Warten auf den Start…',
  'actions.waitingFor.stop': 'Warten auf den Stopp…',
  'actions.waitingFor.update': 'Warten auf die Aktualisierung…',
  'actions.waitingFor.delete': 'Warten auf das Löschen…',
  'actions.waitingFor.connect': 'Warten auf die Verbindung…',
  'actions.notAllowed.use': 'Sie dürfen diesen Workspace nicht benutzen',
  'actions.notAllowed.start': 'Sie dürfen diesen Workspace nicht starten',
  'actions.notAllowed.stop': 'Sie dürfen diesen Workspace nicht stoppen',
  'actions.notAllowed.update':
    'Sie dürfen diesen Workspace nicht aktualisieren',
  'actions.notAllowed.edit': 'Sie dürfen diesen Workspace nicht bearbeiten',
  'actions.notAllowed.delete': 'Sie dürfen diesen Workspace nicht löschen',
  'actions.failed.start': '{{name}} konnte nicht gestartet werden: {{reason}}',
  'actions.failed.stop': '{{name}} konnte nicht gestoppt werden: {{reason}}',
  'actions.failed.update':
    '{{name}} konnte nicht aktualisiert werden: {{reason}}',
  'actions.failed.delete': '{{name}} konnte nicht gelöscht werden: {{reason}}',
  'actions.failed.connect': 'Verbindung zu {{name}} nicht möglich: {{reason}}',
  'actions.updated': '{{name}} läuft ab dem nächsten Start mit {{environment}}',
  'actions.deleting': '{{name}} wird gelöscht',
  'actions.tools.notRunning':
    'Tools öffnen sich, während der Workspace läuft; Status: {{status}}',
  'actions.tools.newTab': 'Öffnet sich in einem neuen Tab',
  'actions.deleteDialog.title': 'Workspace {{name}} löschen?',
  'actions.deleteDialog.body':
    'Sein Pod wird gestoppt, und seine Konfiguration, Umgebungsvariablen und Laufhistorie werden gelöscht. Dies kann nicht rückgängig gemacht werden.',
  'actions.deleteDialog.lost':
    'Die Daten auf diesen Volumes werden mit gelöscht: {{volumes}}.',
  'actions.deleteDialog.kept':
    'Diese Volumes bleiben für die Wiederverwendung durch einen Administrator erhalten: {{volumes}}.',
  'actions.deleteDialog.stopInstead':
    'Um CPU, Arbeitsspeicher und GPUs freizugeben, aber alles zu behalten, stoppen Sie ihn stattdessen.',
  'actions.deleteDialog.confirm': '{{name}} löschen',
  'actions.deleteDialog.lostVolume': '{{title}} ({{size}}, {{mountPath}})',
  'actions.deleteDialog.keptVolume': '{{title}} ({{size}})',

  // view
  'view.refreshFailed': 'Die Workspaces konnten nicht aktualisiert werden',
  'view.refreshFailedBody':
    '{{message}}. Die Liste unten ist möglicherweise veraltet; sie wird bei der nächsten Änderung neu geladen.',
  'view.unreachable': 'Der Cluster ist nicht erreichbar',
  'view.unreachableBody_one':
    '{{count}} Workspace hat den Status Unbekannt: das Backend erreicht seinen Kubernetes-Cluster nicht. Konfiguration und Daten sind sicher; der Status kehrt zurück, sobald der Cluster wieder antwortet. Hält dies an, informieren Sie Ihr Plattform-Team.',
  'view.unreachableBody_other':
    '{{count}} Workspaces haben den Status Unbekannt: das Backend erreicht ihren Kubernetes-Cluster nicht. Konfiguration und Daten sind sicher; die Status kehren zurück, sobald der Cluster wieder antwortet. Hält dies an, informieren Sie Ihr Plattform-Team.',
  'view.truncated':
    'Die ersten {{count}} Workspaces in dieser Reihenfolge werden angezeigt; filtern oder sortieren Sie, um weitere zu sehen.',
  'view.noWorkspaces': 'Noch keine Workspaces',

  // page
  'page.title': 'Workspaces',
  'page.subtitle': 'Arbeitsumgebungen für Data Science in Ihren Projekten',
  'page.notAssigned':
    'Sie sind keinem Projekt zugeordnet. Workspaces laufen in Projekten: Katalog-Entitäten mit der Annotation backstage.io/kubernetes-namespace. Bitten Sie den Besitzer eines Projekts, Sie oder Ihre Gruppe zur Annotation workspaces.backstage.io/members hinzuzufügen.',
  'page.createIn':
    'Legen Sie einen in {{projects}} an: ein Container mit JupyterLab oder VS Code, Daten-Volumes und CPU/GPU-Ressourcen.',

  // entityContent
  'entityContent.tab': 'Workspaces',
  'entityContent.notAProject': 'Diese Entität ist kein Workspaces-Projekt',
  'entityContent.notAProjectHelp':
    'Fügen Sie der Entität die Annotation backstage.io/kubernetes-namespace hinzu, um Workspaces in diesem Namespace zu betreiben.',
  'entityContent.empty':
    'Ein Workspace ist ein Container mit Tools wie JupyterLab oder VS Code, Daten-Volumes und CPU/GPU-Ressourcen, der im Namespace dieses Projekts läuft. Aus diesen Bausteinen kann er bestehen.',

  // buildingBlocks
  'buildingBlocks.environments': 'Umgebungen',
  'buildingBlocks.environmentsSubheader': 'Images und ihre Tools',
  'buildingBlocks.noEnvironments':
    'Diesem Projekt stehen keine Umgebungen zur Verfügung.',
  'buildingBlocks.computePresets': 'Rechenprofile',
  'buildingBlocks.computePresetsSubheader': 'CPU, Arbeitsspeicher und GPUs',
  'buildingBlocks.noComputePresets':
    'Diesem Projekt stehen keine Rechenprofile zur Verfügung.',
  'buildingBlocks.dataSources': 'Datenquellen',
  'buildingBlocks.dataSourcesSubheader': 'Volumes und Repositories',
  'buildingBlocks.noDataSources':
    'Diesem Projekt stehen keine Datenquellen zur Verfügung.',
  'buildingBlocks.memory': '{{memory}} Arbeitsspeicher',
  'buildingBlocks.gpus_one': '{{count}} GPU ({{resourceName}})',
  'buildingBlocks.gpus_other': '{{count}} GPUs ({{resourceName}})',
  'buildingBlocks.dataSource': '{{type}} unter {{mountPath}}',

  // card
  'card.title': 'Workspaces',
  'card.figures': 'Workspaces des Projekts',
  'card.running': 'Laufende Workspaces',
  'card.ofTotal': '{{value}} von {{total}}',
  'card.gpusOfQuota': 'Genutzte GPUs vom Kontingent des Projekts',
  'card.tightestLimit': 'Das engste GPU-Limit: {{name}}',
  'card.gpusInUse': 'Genutzte GPUs',
  'card.empty':
    'Noch keine Workspaces: ein Workspace ist ein Container mit Tools wie JupyterLab oder VS Code, Daten-Volumes und CPU/GPU-Ressourcen, der im Namespace dieses Projekts läuft.',
  'card.recent': 'Zuletzt geändert',
  'card.recentList': 'Zuletzt geänderte Workspaces',
  'card.changed': 'geändert {{age}}',

  // summary
  'summary.label': 'Projektübersicht',
  'summary.running': 'Laufende Workspaces',
  'summary.ofTotal': '{{value}} von {{total}}',
  'summary.gpus': 'Genutzte GPUs',
  'summary.cpu': 'Angeforderte CPU',
  'summary.memory': 'Angeforderter Arbeitsspeicher',

  // noCluster
  'noCluster.title': 'Kein Kubernetes-Cluster eingerichtet',
  'noCluster.body':
    'Workspaces können angelegt werden, laufen aber erst, wenn ein Cluster eingerichtet ist. Fügen Sie einen unter {{locator}} in {{file}} hinzu (ein Cluster mit {{url}}, {{authProvider}}, {{token}} und {{caData}}), dieselbe Konfiguration, die das Kubernetes-Plugin von Backstage verwendet. Die Demo startet eine lokale Control Plane, wenn Go installiert ist.',

  // autoStop
  'autoStop.label': 'Automatischer Stopp',
  'autoStop.stopsAt': 'Stoppt um {{time}}: {{reason}}',
  'autoStop.keepAlive': 'Für {{minutes}} Min. aktiv halten',
  'autoStop.kept': 'Volumes und Konfiguration bleiben erhalten.',
  'autoStop.remaining_one':
    'Noch {{count}} Verlängerung für diesen Lauf möglich.',
  'autoStop.remaining_other':
    'Noch {{count}} Verlängerungen für diesen Lauf möglich.',
  'autoStop.exhausted':
    'Er wurde so oft wie erlaubt verlängert: sichern Sie Ihre Arbeit.',

  // dormancy
  'dormancy.label': 'Ruhezustand',
  'dormancy.keep': 'Behalten',
  'dormancy.deleteWorkspace':
    'Gestoppt seit {{stoppedSince}}: am {{deleteAt}} wird er gelöscht, sofern er nicht gestartet oder behalten wird.',
  'dormancy.deleteVolumes':
    'Gestoppt seit {{stoppedSince}}: am {{deleteAt}} werden seine Volumes gelöscht (die Konfiguration bleibt), sofern er nicht gestartet oder behalten wird.',
  'dormancy.days': '{{count}} Tage',
  'dormancy.retained': '{{dataSource}}: {{size}} (aufbewahrt)',
  'dormancy.volume': '{{dataSource}}: {{size}}',
  'dormancy.volumesDeleted': 'Volumes gelöscht am {{day}}',
  'dormancy.workspaceDeletedOn': 'wird am {{day}} gelöscht',
  'dormancy.volumesDeletedOn': 'Volumes werden am {{day}} gelöscht',
  'dormancy.stopped': 'gestoppt seit {{duration}}',
  'dormancy.dormant': 'Ruhend: {{fate}}',

  // lifecycle
  'lifecycle.label': 'Umgebung',
  'lifecycle.unavailable':
    'Die Umgebung {{environment}} ist nicht mehr verfügbar — bearbeiten Sie den Workspace, um eine andere zu wählen',
  'lifecycle.deprecated': '{{title}}: Veraltet',
  'lifecycle.deprecatedUse':
    '{{title}}: Veraltet — verwenden Sie {{replacement}}',
  'lifecycle.hidden': '{{title}}: Für neue Workspaces nicht mehr angeboten',
  'lifecycle.hiddenUse':
    '{{title}}: Für neue Workspaces nicht mehr angeboten — verwenden Sie {{replacement}}',
  'lifecycle.replaced': '{{title}}: Ersetzt durch {{replacement}}',
  'lifecycle.canUpdate':
    'Die Aktion „Auf {{replacement}} aktualisieren“ ändert ihn vor seinem nächsten Start; Volumes und Einstellungen bleiben.',
  'lifecycle.stopToUpdate':
    'Stoppen Sie den Workspace, um ihn auf {{replacement}} zu aktualisieren.',

  // details
  'details.type': 'Workspace',
  'details.subtitle': 'Workspace in {{project}} · Namespace {{namespace}}',
  'details.tabs.overview': 'Übersicht',
  'details.tabs.logs': 'Logs',
  'details.tabs.events': 'Ereignisse',
  'details.tabs.objects': 'Objekte',
  'details.pendingRestart':
    'Während des Laufs geändert: die Änderung gilt ab dem nächsten Start.',
  'details.spec.title': 'Spezifikation',
  'details.spec.project': 'Projekt',
  'details.spec.environment': 'Umgebung',
  'details.spec.compute': 'Rechenleistung',
  'details.spec.data': 'Daten',
  'details.spec.variables': 'Umgebungsvariablen',
  'details.spec.createdBy': 'angelegt von',
  'details.spec.created': 'angelegt',
  'details.spec.lastActivity': 'letzte Aktivität',
  'details.spec.revision': 'Revision',
  'details.spec.environmentValue': '{{title}} ({{image}})',
  'details.spec.computeValue': '{{preset}}: {{resources}}',
  'details.spec.dataSize': '{{title}} ({{size}})',
  'details.spec.dataAt': '{{title}} unter {{mountPath}}',
  'details.spec.secretValue': '•••••• (geheim)',
  'details.spec.noActivity': 'keine erfasst',
  'details.objects.title': 'Kubernetes-Objekte',
  'details.objects.cluster': 'Cluster',
  'details.objects.namespace': 'Namespace',
  'details.objects.labelSelector': 'Label-Selektor',
  'details.objects.currentPod': 'aktueller Pod',
  'details.objects.defaultCluster': 'Standard',
  'details.objects.note':
    'StatefulSet, Pod, Service, Secret, NetworkPolicy und Volume Claims tragen dieses Label; der Tab Objekte zeigt den Zustand von Pod, StatefulSet und Volume Claims.',
  'details.api.title': 'API',
  'details.api.intro': 'Derselbe Workspace, angelegt über die REST-API:',
  'details.timeline.title': 'Statusverlauf',
  'details.timeline.empty': 'Noch keine Statusänderungen.',
  'details.timeline.event': 'Kubernetes-Ereignis: {{reason}}',
  'details.timeline.eventRepeated':
    'Kubernetes-Ereignis: {{reason}} ({{count}}×)',
  'details.timeline.eventLabel': 'Kubernetes-Ereignis {{reason}}',
  'details.timeline.warning': 'Warnung',
  'details.runs.title': 'Läufe',
  'details.runs.empty': 'Noch nicht gestartet.',
  'details.runs.started': 'Gestartet',
  'details.runs.ended': 'Beendet',
  'details.runs.running': 'läuft',
  'details.runs.duration': 'Dauer',
  'details.runs.endReason': 'Grund des Endes',
  'details.runs.podAndNode': 'Pod und Knoten',
  'details.runs.podOn': '{{pod}} auf {{node}}',
  'details.runs.noNode': 'noch kein Knoten',
  'details.runs.resources': 'Ressourcen',

  // explanation
  'explanation.label': 'Warum dieser Status',
  'explanation.whatHappened': 'Was passiert ist',
  'explanation.whatToDo': 'Was zu tun ist',
  'explanation.lastLogLines': 'Letzte Log-Zeilen',
  'explanation.lastLogLinesOf': 'Letzte Log-Zeilen von {{container}}',
  'explanation.nothingWritten': '(der Container hat nichts geschrieben)',
  'explanation.openLogs': 'Den Tab Logs öffnen',
  'explanation.freeIn': '{{free}} frei in {{quota}}',
  'explanation.noQuota': 'kein Kontingent begrenzt es',
  'explanation.quotaShort': 'das Kontingent des Projekts reicht nicht',
  'explanation.clusterShort':
    'der Cluster reicht nicht: kein Knoten hat es frei',
  'explanation.asked': 'verlangt {{asked}}; {{free}}; {{where}}',
  'explanation.rows.image': 'Image',
  'explanation.rows.registrySaid': 'Meldung der Registry',
  'explanation.rows.container': 'Container',
  'explanation.rows.exitCode': 'Exit-Code',
  'explanation.rows.volumeClaim': 'Volume Claim',
  'explanation.rows.storageClass': 'Storage Class',
  'explanation.rows.quota': 'Kontingent',
  'explanation.rows.startTimeout': 'Start-Zeitlimit',
  'explanation.rows.kubernetesSaid': 'Meldung von Kubernetes',
  'explanation.claimPhase': '{{claim}} ({{phase}})',
  'explanation.notBound': 'nicht gebunden',
  'explanation.minutes': '{{count}} Min.',

  // events
  'events.title': 'Kubernetes-Ereignisse',
  'events.subtitle': 'Der Cluster bewahrt Ereignisse etwa eine Stunde auf.',
  'events.empty':
    'Keine Ereignisse: der Cluster bewahrt sie etwa eine Stunde auf.',
  'events.columns.type': 'Typ',
  'events.columns.reason': 'Grund',
  'events.columns.message': 'Meldung',
  'events.columns.object': 'Objekt',
  'events.columns.count': 'Anzahl',
  'events.columns.lastSeen': 'Zuletzt gesehen',
  'events.warning': 'Warnung',

  // logs
  'logs.title': 'Logs',
  'logs.container': 'Container',
  'logs.lastLines': 'Letzte Zeilen',
  'logs.previous': 'Vorheriger Container',
  'logs.follow': 'Mitverfolgen',
  'logs.wrap': 'Zeilen umbrechen',
  'logs.download': 'Herunterladen',
  'logs.log': 'Log',
  'logs.empty': 'Das Log ist leer.',
  'logs.ended':
    'Das Log ist zu Ende: der Container wurde beendet, oder die Größengrenze (1 MiB) ist erreicht.',
  'logs.shownLines': 'Höchstens die letzten {{count}} Zeilen werden angezeigt.',

  // objects
  'objects.none':
    'Keine Kubernetes-Objekte: der Workspace wurde noch nicht gestartet.',
  'objects.noState': 'Kein Zustand gemeldet.',
  'objects.pod': 'Pod {{name}}',
  'objects.statefulSet': 'StatefulSet {{name}}',
  'objects.volumeClaim': 'Volume Claim {{name}}',
  'objects.other': '{{kind}} {{name}}',
  'objects.containers': 'Container',
  'objects.noContainers': 'Noch keine Container-Status.',
  'objects.yes': 'ja',
  'objects.no': 'nein',
  'objects.notScheduled': 'nicht eingeplant',
  'objects.defaultStorageClass': 'die Standardklasse',
  'objects.noneYet': 'noch keins',
  'objects.stoppedReplicas': '0 (gestoppt)',
  'objects.ofTotal': '{{ready}} von {{total}}',
  'objects.columns.container': 'Container',
  'objects.columns.image': 'Image',
  'objects.columns.ready': 'Bereit',
  'objects.columns.restarts': 'Neustarts',
  'objects.columns.state': 'Zustand',
  'objects.columns.lastState': 'Letzter Zustand',
  'objects.fields.phase': 'Phase',
  'objects.fields.message': 'Meldung',
  'objects.fields.node': 'Knoten',
  'objects.fields.ip': 'IP',
  'objects.fields.started': 'gestartet',
  'objects.fields.conditions': 'Bedingungen',
  'objects.fields.replicasReady': 'bereite Replikate',
  'objects.fields.wanted': 'gewünscht',
  'objects.fields.requested': 'angefordert',
  'objects.fields.capacity': 'Kapazität',
  'objects.fields.storageClass': 'Storage Class',
  'objects.fields.boundVolume': 'gebundenes Volume',
  'objects.fields.accessModes': 'Zugriffsmodi',
  'objects.exitCode': 'Exit-Code {{code}}',
  'objects.since': 'seit {{time}}',

  // diagnostics
  'diagnostics.stoppedNoLogs':
    'Der Workspace ist gestoppt: es gibt keine Logs. Starten Sie ihn, um seine Logs zu sehen.',
  'diagnostics.what.logs': 'Logs',
  'diagnostics.what.events': 'Ereignisse',
  'diagnostics.what.objects': 'Objekte',
  'diagnostics.nothingToShow': 'Keine {{what}} vorhanden: {{message}}',
  'diagnostics.refused':
    'Die Anfrage nach {{what}} wurde abgelehnt: {{message}}',
  'diagnostics.notSupported':
    'Dieses Backstage kann die {{what}} von Workspaces nicht anzeigen: {{message}}',

  // picker
  'picker.pickProject': 'Wählen Sie zuerst ein Projekt',
  'picker.listFailed': 'Auflisten nicht möglich: {{message}}',
  'picker.none': 'Projekt {{project}} hat keine',
};

export default de;
