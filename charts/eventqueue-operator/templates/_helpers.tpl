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
the ClusterRole (all namespaces) or into one Role per watched namespace. Tests compare them with the calls
the operator made on a real API server (its audit log) and ask the API server's authorizer what they allow.
*/}}
{{- define "eventqueue-operator.rules" -}}
# The operator reads EventQueues through its informer cache and writes only their status (server-side apply: patch);
# get reads the EventQueue an EventSubscription references. EventSubscriptions are watched and listed (those
# referencing an EventQueue are folded into its config); only their status is written.
- apiGroups: ["eventqueue.io"]
  resources: ["eventqueues"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["eventqueue.io"]
  resources: ["eventsubscriptions"]
  verbs: ["list", "watch"]
- apiGroups: ["eventqueue.io"]
  resources: ["eventqueues/status", "eventsubscriptions/status"]
  verbs: ["patch"]
# Owner references with blockOwnerDeletion need update on the owner's finalizers subresource.
- apiGroups: ["eventqueue.io"]
  resources: ["eventqueues/finalizers"]
  verbs: ["update"]
# Dependents are read from label-selected informer caches and written with server-side apply: an apply is a patch,
# and an apply that creates the object is also authorized as create. Never update: an apply changes only the
# fields the operator owns. Kubernetes garbage collection deletes them with their EventQueue. get reads the Service
# an EventSubscription's subscriber.ref names (the user's, outside the label-selected cache).
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["list", "watch", "create", "patch"]
# get reads a ConfigMap that spec.eventTypes[].schemaFrom names (the user's, outside the label-selected cache).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch"]
# Generated credentials are created once (a plain create, not an apply) and never written again; get reads a Secret
# named by spec.auth.adminSecretRef.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create"]
# Deleted when a spec change no longer asks for them (one replica, autoscaling or network policy turned off).
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}
