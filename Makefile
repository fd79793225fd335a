# Two commands on a fresh machine (see README):
#   make demo   install vetstat into .venv and consolidate the bundled 2022 samples
#   make test   install vetstat with its test dependencies into .venv and run the tests
#   make province   the city workbooks of 白城市 and 松原市 aggregated as the province 吉林省
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo province test lint samples schemas bench print-image clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	mkdir -p out
	$(BIN)/vetstat aggregate samples/2022 -o out/白城市-2022.xlsx --force

# the province of the samples: the city workbooks of 白城市 and 松原市 (illustrative), then 吉林省
province: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	mkdir -p out/吉林省-2022
	$(BIN)/vetstat aggregate samples/2022 -o out/吉林省-2022/白城市.xlsx --force
	$(BIN)/vetstat aggregate samples/songyuan/2022 -o out/吉林省-2022/松原市.xlsx --force
	$(BIN)/vetstat aggregate out/吉林省-2022 -o out/吉林省-2022.xlsx --force

test: $(BIN)/python
	$(BIN)/python -m pip install --quiet '.[test]'
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check src tests samples benchmarks
	$(BIN)/mypy

samples:
	$(BIN)/python samples/make_samples.py

schemas:
	$(BIN)/vetstat schema -o schemas --force

# docs/table1-2022.png, the first page of 表1 of samples/2022 as it prints (README); needs
# LibreOffice and poppler-utils; the date is fixed so that the image only changes with the layout
print-image: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	rm -rf build/print && mkdir -p build/print
	SOURCE_DATE_EPOCH=1672531200 $(BIN)/vetstat aggregate samples/2022 --city 白城市 \
	  --unit 白城市教育局 -o build/print/table1.xlsx >/dev/null
	soffice --headless -env:UserInstallation=file://$(CURDIR)/build/print/profile \
	  --convert-to pdf --outdir build/print build/print/table1.xlsx >/dev/null
	pdftoppm -png -r 72 -f 1 -l 1 -singlefile build/print/table1.pdf docs/table1-2022

bench:
	$(BIN)/python benchmarks/run.py --schools 1000

clean:
	rm -rf $(VENV) out build *.egg-info
