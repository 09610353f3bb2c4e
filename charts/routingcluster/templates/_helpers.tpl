{{/*
Names. Kubernetes object names are DNS labels (63 characters at most); the base name is cut to 52
so that every suffix added below ("-silo", "-config", "-postgres") still fits.
*/}}
{{- define "routingcluster.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's base name: fullnameOverride, else "<release>-<chart>", or just "<release>" when it already is the chart's name. */}}
{{- define "routingcluster.fullname" -}}
{{- $name := include "routingcluster.name" . -}}
{{- $full := .Values.fullnameOverride -}}
{{- if not $full -}}
{{- $full = ternary .Release.Name (printf "%s-%s" .Release.Name $name) (eq .Release.Name $name) -}}
{{- end -}}
{{- $full | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "routingcluster.configMapName" -}}
{{- printf "%s-config" (include "routingcluster.fullname" .) -}}
{{- end -}}

{{- define "routingcluster.siloServiceName" -}}
{{- printf "%s-silo" (include "routingcluster.fullname" .) -}}
{{- end -}}

{{- define "routingcluster.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "routingcluster.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The labels that pick this release's gateway pods (Deployment, Services, PDB, anti-affinity). Never change them in an upgrade: a Deployment's selector is immutable. */}}
{{- define "routingcluster.selectorLabels" -}}
app.kubernetes.io/name: {{ include "routingcluster.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The labels every object of the release carries. */}}
{{- define "routingcluster.labels" -}}
{{ include "routingcluster.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: routingcluster
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "routingcluster.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The Secret holding the PostgreSQL connection string: postgres.existingSecret, else "<fullname>-postgres". */}}
{{- define "routingcluster.postgresSecretName" -}}
{{- .Values.postgres.existingSecret | default (printf "%s-postgres" (include "routingcluster.fullname" .)) -}}
{{- end -}}

{{/* The environment variable the gateway reads the PostgreSQL connection string from. */}}
{{- define "routingcluster.postgresEnv" -}}
{{- .Values.postgres.env -}}
{{- end -}}

{{/*
The gateway config file: the `gateway` values with the settings this chart owns put in place.
Every pod is a node of one cluster, so the store is always PostgreSQL, read through the gateway's
env:NAME reference (the connection string itself stays in its Secret); the silo listens on every
interface of the pod on the port the pod declares, and advertises POD_IP (the gateway's default
when advertisedAddress is not set, which the schema enforces).
*/}}
{{- define "routingcluster.gatewayConfig" -}}
{{- $config := deepCopy .Values.gateway -}}
{{- $cluster := deepCopy (.Values.gateway.cluster | default dict) -}}
{{- $_ := set $cluster "listenAddress" "0.0.0.0" -}}
{{- $_ = set $cluster "siloPort" (int .Values.silo.port) -}}
{{- $_ = set $config "cluster" $cluster -}}
{{- $_ = set $config "store" (dict "kind" "postgres" "connectionString" (printf "env:%s" (include "routingcluster.postgresEnv" .))) -}}
{{- toYaml $config -}}
{{- end -}}
