{{/* The chart's name, or nameOverride. */}}
{{- define "saker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every resource name: fullnameOverride, else release-name. */}}
{{- define "saker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "saker.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride }}
{{- end }}

{{- define "saker.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "saker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "saker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "saker.labels" -}}
helm.sh/chart: {{ include "saker.chart" . }}
{{ include "saker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "saker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "saker.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "saker.image" -}}
{{- with .Values.image }}
{{- printf "%s/%s:%s" .registry .repository (default $.Chart.AppVersion .tag) }}
{{- end }}
{{- end }}

{{/* The loader's image: the saker image unless one is named. */}}
{{- define "saker.loaderImage" -}}
{{- with .Values.driver.loader.initContainer.image }}
{{- if .repository }}
{{- printf "%s/%s:%s" .registry .repository (default $.Chart.AppVersion .tag) }}
{{- else }}
{{- include "saker.image" $ }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The driver kind, checked: kmod, with Falco's "module" and "auto" read as
kmod. saker has no eBPF driver.
*/}}
{{- define "saker.driverKind" -}}
{{- $k := .Values.driver.kind | toString }}
{{- if has $k (list "kmod" "module" "auto") }}
{{- "kmod" }}
{{- else }}
{{- fail (printf "driver.kind=%q: saker has only its kernel module; use driver.kind=kmod" $k) }}
{{- end }}
{{- end }}

{{- define "saker.loaderEnabled" -}}
{{- and .Values.driver.enabled .Values.driver.loader.enabled }}
{{- end }}
