#!/usr/bin/env bash
# Regenerates the built-in real datasets in data/ from Debian's python3-sklearn package, which
# ships them as CSV under sklearn/datasets/data/ (no Python needed: the .deb is only unpacked), and
# checks every checksum: the package's source files against data/SOURCES.sha256 (so another
# package version is noticed, not silently used) and the compact copies against data/SHA256SUMS.
#
#   scripts/datasets.sh            download the package (apt-get download), regenerate, check
#   scripts/datasets.sh FILE.deb   use a package file already here
#   scripts/datasets.sh --check    only check the committed copies against data/SHA256SUMS
#   LRLAB_UPDATE_SUMS=1 scripts/datasets.sh   rewrite data/SHA256SUMS (after a deliberate change)
#
# Each compact copy is one CSV: a header row naming the columns, the target last, one row per
# sample, the numbers exactly as the source writes them (shortest text; the diabetes target's
# "1.510000000000000000e+02" becomes "151"). The core reads them through the same CSV door as a
# user's file (core/csv_table.h).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/data"

if [[ "${1:-}" == "--check" ]]; then
  (cd "$data" && sha256sum --quiet -c SHA256SUMS) && echo "datasets: data/ matches data/SHA256SUMS"
  exit
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ -n "${1:-}" ]]; then
  deb="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
  (cd "$work" && apt-get download python3-sklearn >/dev/null)
  deb="$(ls "$work"/python3-sklearn_*.deb)"
fi
echo "datasets: from $(basename "$deb")"
dpkg -x "$deb" "$work/x"
src="$(echo "$work"/x/usr/lib/python3/dist-packages/sklearn/datasets/data)"
gunzip -c "$src/digits.csv.gz" >"$work/digits.csv"
gunzip -c "$src/diabetes_data_raw.csv.gz" >"$work/diabetes_data_raw.csv"
gunzip -c "$src/diabetes_target.csv.gz" >"$work/diabetes_target.csv"
for f in iris.csv wine_data.csv breast_cancer.csv; do cp "$src/$f" "$work/$f"; done
(cd "$work" && sha256sum -c --quiet "$data/SOURCES.sha256") ||
  { echo "datasets: the package's files differ from data/SOURCES.sha256 (another version?)" >&2; exit 1; }

# sklearn's CSVs start with a line "samples,features,class names...": drop it, write our header.
strip_first() { tail -n +2 "$1" | tr -d '\r'; }
{
  echo "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species"
  strip_first "$work/iris.csv"
} >"$data/iris.csv"
{
  echo "alcohol,malic_acid,ash,alcalinity_of_ash,magnesium,total_phenols,flavanoids,nonflavanoid_phenols,proanthocyanins,color_intensity,hue,od280_od315,proline,cultivar"
  strip_first "$work/wine_data.csv"
} >"$data/wine.csv"
{
  header=""
  for kind in mean error worst; do
    for f in radius texture perimeter area smoothness compactness concavity concave_points symmetry fractal_dimension; do
      header+="${f}_${kind},"
    done
  done
  echo "${header}benign"
  strip_first "$work/breast_cancer.csv"
} >"$data/breast_cancer.csv"
{
  header=""
  for r in 0 1 2 3 4 5 6 7; do for c in 0 1 2 3 4 5 6 7; do header+="pixel_${r}_${c},"; done; done
  echo "${header}digit"
  tr -d '\r' <"$work/digits.csv"
} >"$data/digits.csv"
{
  echo "age,sex,bmi,bp,s1_tc,s2_ldl,s3_hdl,s4_tch,s5_ltg,s6_glu,progression"
  # Space-separated features, one target per line in %.18e form (all integers): join and tidy.
  paste -d ' ' <(tr -d '\r' <"$work/diabetes_data_raw.csv") \
    <(tr -d '\r' <"$work/diabetes_target.csv" | awk '{ printf "%d\n", $1 + 0 }') |
    awk '{ $1 = $1; gsub(/ /, ","); print }'
} >"$data/diabetes.csv"

if [[ "${LRLAB_UPDATE_SUMS:-}" == 1 ]]; then
  (cd "$data" && sha256sum iris.csv wine.csv breast_cancer.csv digits.csv diabetes.csv >SHA256SUMS)
  echo "datasets: data/SHA256SUMS rewritten (LRLAB_UPDATE_SUMS=1)"
fi
(cd "$data" && sha256sum --quiet -c SHA256SUMS) ||
  { echo "datasets: regenerated copies differ from data/SHA256SUMS" >&2; exit 1; }
echo "datasets: data/*.csv regenerated and match data/SHA256SUMS"
