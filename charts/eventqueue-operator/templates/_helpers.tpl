{{/* Name of the chart, overridable. */}}
{{- define "eventqueue-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object name: RELEASE-CHART, or RELEASE when it already contains the chart name. */}}
{{- define "eventqueue-operator.fullname" -}}
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

{{- define "eventqueue-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "eventqueue-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "eventqueue-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "eventqueue-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: eventqueue
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "eventqueue-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "eventqueue-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "eventqueue-operator.leaseName" -}}
{{- default (include "eventqueue-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* repository:tag or repository@digest of an image block; the tag defaults to the chart's appVersion. */}}
{{- define "eventqueue-operator.imageRef" -}}
{{- $image := index . 0 }}
{{- $chart := index . 1 }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default $chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/*
Every API call the operator makes on the objects it reconciles, and nothing more. The same rules go into
the ClusterRole (all namespaces) or into one Role per watched namespace. A test compares them with the
calls the operator's mock-server tests record.
*/}}
{{- define "eventqueue-operator.rules" -}}
- apiGroups: ["eventqueue.io"]
  resources: ["eventqueues"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["eventqueue.io"]
  resources: ["eventqueues/status"]
  verbs: ["get", "patch", "update"]
# Owner references with blockOwnerDeletion need update on the owner's finalizers subresource.
- apiGroups: ["eventqueue.io"]
  resources: ["eventqueues/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps", "services", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
# Generated credentials are created once and never updated; get reads a Secret named by spec.auth.adminSecretRef.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
# Removed when the spec no longer asks for them (one replica, autoscaling or egress rules turned off).
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}
