"""Field tables of the Sheets v4 request messages the stand-in validates.

Google rejects unknown JSON names with ``Invalid JSON payload received.
Unknown name "x" at 'requests[0].add_sheet.properties': Cannot find field.``
and bad enum values with ``Invalid value at '...' (type.googleapis.com/...)``.
Messages not listed here are accepted without a deep check.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import field_violations, invalid_value, unknown_name

_SPEC = """
BatchUpdateSpreadsheetRequest requests:[Request] includeSpreadsheetInResponse:bool responseRanges:[str] responseIncludeGridData:bool
Request addSheet:AddSheetRequest updateSheetProperties:UpdateSheetPropertiesRequest deleteSheet:DeleteSheetRequest updateCells:UpdateCellsRequest appendDimension:AppendDimensionRequest updateDimensionProperties:UpdateDimensionPropertiesRequest createDeveloperMetadata:CreateDeveloperMetadataRequest deleteDeveloperMetadata:DeleteDeveloperMetadataRequest updateDeveloperMetadata:UpdateDeveloperMetadataRequest addConditionalFormatRule:AddConditionalFormatRuleRequest deleteConditionalFormatRule:DeleteConditionalFormatRuleRequest updateConditionalFormatRule:UpdateConditionalFormatRuleRequest setBasicFilter:SetBasicFilterRequest clearBasicFilter:ClearBasicFilterRequest repeatCell:RepeatCellRequest updateSpreadsheetProperties:UpdateSpreadsheetPropertiesRequest addNamedRange:AddNamedRangeRequest updateNamedRange:UpdateNamedRangeRequest deleteNamedRange:DeleteNamedRangeRequest addProtectedRange:AddProtectedRangeRequest deleteProtectedRange:DeleteProtectedRangeRequest updateProtectedRange:any mergeCells:MergeCellsRequest unmergeCells:UnmergeCellsRequest insertDimension:InsertDimensionRequest deleteDimension:DeleteDimensionRequest addDimensionGroup:DimensionGroupRequest deleteDimensionGroup:DimensionGroupRequest updateDimensionGroup:any sortRange:SortRangeRequest copyPaste:CopyPasteRequest cutPaste:CutPasteRequest autoResizeDimensions:AutoResizeDimensionsRequest setDataValidation:SetDataValidationRequest duplicateSheet:any updateBorders:any updateEmbeddedObjectPosition:any addFilterView:any appendCells:AppendCellsRequest clearBasicFilter:ClearBasicFilterRequest deleteFilterView:any duplicateFilterView:any updateFilterView:any findReplace:any insertRange:any deleteRange:any moveDimension:any pasteData:any textToColumns:any addChart:any updateChartSpec:any deleteEmbeddedObject:any addBanding:any updateBanding:any deleteBanding:any randomizeRange:any deleteDuplicates:any trimWhitespace:any addSlicer:any updateSlicerSpec:any addDataSource:any updateDataSource:any deleteDataSource:any refreshDataSource:any cancelDataSourceRefresh:any addTable:any updateTable:any deleteTable:any
AddSheetRequest properties:SheetProperties
SheetProperties sheetId:int title:str index:int sheetType:Enum:SheetType gridProperties:GridProperties hidden:bool tabColor:Color tabColorStyle:ColorStyle rightToLeft:bool dataSourceSheetProperties:any
GridProperties rowCount:int columnCount:int frozenRowCount:int frozenColumnCount:int hideGridlines:bool rowGroupControlAfter:bool columnGroupControlAfter:bool
Color red:num green:num blue:num alpha:num
ColorStyle rgbColor:Color themeColor:Enum:ThemeColorType
UpdateSheetPropertiesRequest properties:SheetProperties fields:str
DeleteSheetRequest sheetId:int
UpdateCellsRequest start:GridCoordinate range:GridRange rows:[RowData] fields:str
AppendCellsRequest sheetId:int rows:[RowData] fields:str tableId:str
GridCoordinate sheetId:int rowIndex:int columnIndex:int
GridRange sheetId:int startRowIndex:int endRowIndex:int startColumnIndex:int endColumnIndex:int
RowData values:[CellData]
CellData userEnteredValue:ExtendedValue effectiveValue:ExtendedValue formattedValue:str userEnteredFormat:CellFormat effectiveFormat:CellFormat hyperlink:str note:str textFormatRuns:[TextFormatRun] dataValidation:DataValidationRule pivotTable:any dataSourceTable:any dataSourceFormula:any chipRuns:any
ExtendedValue numberValue:num stringValue:str boolValue:bool formulaValue:str errorValue:ErrorValueMsg
ErrorValueMsg type:Enum:ErrorType message:str
CellFormat numberFormat:NumberFormat backgroundColor:Color backgroundColorStyle:ColorStyle borders:Borders padding:Padding horizontalAlignment:Enum:HorizontalAlign verticalAlignment:Enum:VerticalAlign wrapStrategy:Enum:WrapStrategy textDirection:Enum:TextDirection textFormat:TextFormat hyperlinkDisplayType:Enum:HyperlinkDisplayType textRotation:TextRotation
NumberFormat type:Enum:NumberFormatType pattern:str
Borders top:Border bottom:Border left:Border right:Border
Border style:Enum:BorderStyle width:int color:Color colorStyle:ColorStyle
Padding top:int right:int bottom:int left:int
TextFormat foregroundColor:Color foregroundColorStyle:ColorStyle fontFamily:str fontSize:int bold:bool italic:bool strikethrough:bool underline:bool link:Link
Link uri:str
TextRotation angle:int vertical:bool
TextFormatRun startIndex:int format:TextFormat
DataValidationRule condition:BooleanCondition inputMessage:str strict:bool showCustomUi:bool
BooleanCondition type:Enum:ConditionType values:[ConditionValue]
ConditionValue relativeDate:str userEnteredValue:str
AppendDimensionRequest sheetId:int dimension:Enum:Dimension length:int
UpdateDimensionPropertiesRequest range:DimensionRange dataSourceSheetRange:any properties:DimensionProperties fields:str
DimensionRange sheetId:int dimension:Enum:Dimension startIndex:int endIndex:int
DimensionProperties hiddenByUser:bool pixelSize:int developerMetadata:[DeveloperMetadata] dataSourceColumnReference:any
CreateDeveloperMetadataRequest developerMetadata:DeveloperMetadata
DeveloperMetadata metadataId:int metadataKey:str metadataValue:str location:DeveloperMetadataLocation visibility:Enum:DeveloperMetadataVisibility
DeveloperMetadataLocation locationType:Enum:DeveloperMetadataLocationType spreadsheet:bool sheetId:int dimensionRange:DimensionRange
DeleteDeveloperMetadataRequest dataFilter:DataFilter
UpdateDeveloperMetadataRequest dataFilters:[DataFilter] developerMetadata:DeveloperMetadata fields:str
DataFilter developerMetadataLookup:DeveloperMetadataLookup a1Range:str gridRange:GridRange
DeveloperMetadataLookup locationType:Enum:DeveloperMetadataLocationType metadataLocation:DeveloperMetadataLocation locationMatchingStrategy:Enum:DeveloperMetadataLocationMatchingStrategy metadataId:int metadataKey:str metadataValue:str visibility:Enum:DeveloperMetadataVisibility
AddConditionalFormatRuleRequest rule:ConditionalFormatRule index:int
ConditionalFormatRule ranges:[GridRange] booleanRule:BooleanRule gradientRule:GradientRule
BooleanRule condition:BooleanCondition format:CellFormat
GradientRule minpoint:InterpolationPoint midpoint:InterpolationPoint maxpoint:InterpolationPoint
InterpolationPoint color:Color colorStyle:ColorStyle type:Enum:InterpolationPointType value:str
DeleteConditionalFormatRuleRequest index:int sheetId:int
UpdateConditionalFormatRuleRequest index:int sheetId:int rule:ConditionalFormatRule newIndex:int
SetBasicFilterRequest filter:BasicFilter
BasicFilter range:GridRange sortSpecs:[SortSpec] criteria:any filterSpecs:any tableId:str
ClearBasicFilterRequest sheetId:int
RepeatCellRequest range:GridRange cell:CellData fields:str
UpdateSpreadsheetPropertiesRequest properties:SpreadsheetProperties fields:str
SpreadsheetProperties title:str locale:str autoRecalc:Enum:RecalculationInterval timeZone:str defaultFormat:CellFormat iterativeCalculationSettings:any spreadsheetTheme:any importFunctionsExternalUrlAccessAllowed:bool
AddNamedRangeRequest namedRange:NamedRange
UpdateNamedRangeRequest namedRange:NamedRange fields:str
DeleteNamedRangeRequest namedRangeId:str
NamedRange namedRangeId:str name:str range:GridRange
AddProtectedRangeRequest protectedRange:ProtectedRange
DeleteProtectedRangeRequest protectedRangeId:int
ProtectedRange protectedRangeId:int range:GridRange namedRangeId:str tableId:str description:str warningOnly:bool requestingUserCanEdit:bool unprotectedRanges:[GridRange] editors:Editors
Editors users:[str] groups:[str] domainUsersCanEdit:bool
MergeCellsRequest range:GridRange mergeType:Enum:MergeType
UnmergeCellsRequest range:GridRange
InsertDimensionRequest range:DimensionRange inheritFromBefore:bool
DeleteDimensionRequest range:DimensionRange
DimensionGroupRequest range:DimensionRange
SortRangeRequest range:GridRange sortSpecs:[SortSpec]
SortSpec dimensionIndex:int sortOrder:Enum:SortOrder foregroundColor:Color backgroundColor:Color foregroundColorStyle:ColorStyle backgroundColorStyle:ColorStyle dataSourceColumnReference:any
CopyPasteRequest source:GridRange destination:GridRange pasteType:Enum:PasteType pasteOrientation:Enum:PasteOrientation
CutPasteRequest source:GridRange destination:GridCoordinate pasteType:Enum:PasteType
AutoResizeDimensionsRequest dimensions:DimensionRange dataSourceSheetDimensions:any
SetDataValidationRequest range:GridRange rule:DataValidationRule filteredRowsIncluded:bool
ValueRange range:str majorDimension:Enum:Dimension values:[any]
BatchUpdateValuesRequest valueInputOption:Enum:ValueInputOption data:[ValueRange] includeValuesInResponse:bool responseValueRenderOption:Enum:ValueRenderOption responseDateTimeRenderOption:Enum:DateTimeRenderOption
BatchClearValuesRequest ranges:[str]
ClearValuesRequest
"""

ENUMS = {
    "SheetType": {"GRID", "OBJECT", "DATA_SOURCE", "SHEET_TYPE_UNSPECIFIED"},
    "Dimension": {"ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED"},
    "DeveloperMetadataVisibility": {"DOCUMENT", "PROJECT", "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED"},
    "DeveloperMetadataLocationType": {
        "ROW", "COLUMN", "SHEET", "SPREADSHEET", "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED",
    },
    "DeveloperMetadataLocationMatchingStrategy": {
        "EXACT_LOCATION", "INTERSECTING_LOCATION",
        "DEVELOPER_METADATA_LOCATION_MATCHING_STRATEGY_UNSPECIFIED",
    },
    "MergeType": {"MERGE_ALL", "MERGE_COLUMNS", "MERGE_ROWS"},
    "SortOrder": {"ASCENDING", "DESCENDING", "SORT_ORDER_UNSPECIFIED"},
    "WrapStrategy": {"OVERFLOW_CELL", "LEGACY_WRAP", "CLIP", "WRAP", "WRAP_STRATEGY_UNSPECIFIED"},
    "HorizontalAlign": {"LEFT", "CENTER", "RIGHT", "HORIZONTAL_ALIGN_UNSPECIFIED"},
    "VerticalAlign": {"TOP", "MIDDLE", "BOTTOM", "VERTICAL_ALIGN_UNSPECIFIED"},
    "NumberFormatType": {
        "TEXT", "NUMBER", "PERCENT", "CURRENCY", "DATE", "TIME", "DATE_TIME", "SCIENTIFIC",
        "NUMBER_FORMAT_TYPE_UNSPECIFIED",
    },
    "ValueInputOption": {"RAW", "USER_ENTERED", "INPUT_VALUE_OPTION_UNSPECIFIED"},
    "ValueRenderOption": {"FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"},
    "DateTimeRenderOption": {"SERIAL_NUMBER", "FORMATTED_STRING"},
    "InsertDataOption": {"OVERWRITE", "INSERT_ROWS"},
}

_QUALIFIED = {
    "Dimension": "type.googleapis.com/google.apps.sheets.v4.Dimension",
    "ValueInputOption": "type.googleapis.com/google.apps.sheets.v4.ValueInputOption",
    "ValueRenderOption": "type.googleapis.com/google.apps.sheets.v4.ValueRenderOption",
    "DateTimeRenderOption": "type.googleapis.com/google.apps.sheets.v4.DateTimeRenderOption",
    "InsertDataOption": "type.googleapis.com/google.apps.sheets.v4.InsertDataOption",
}


def _parse_spec(text: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for line in text.strip().splitlines():
        name, *fields = line.split()
        out[name] = dict(f.split(":", 1) for f in fields)
    return out


MESSAGES = _parse_spec(_SPEC)
REQUEST_KINDS = set(MESSAGES["Request"])


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def enum_type_name(enum: str) -> str:
    return _QUALIFIED.get(enum, f"type.googleapis.com/google.apps.sheets.v4.{enum}")


def _check(value: Any, type_: str, path: str, out: list) -> None:
    if value is None or type_ == "any":
        return
    if type_.startswith("["):
        inner = type_[1:-1]
        if not isinstance(value, list):
            value = [value]  # proto JSON accepts a scalar for a repeated field
        for i, item in enumerate(value):
            _check(item, inner, f"{path}[{i}]", out)
        return
    if type_.startswith("Enum:"):
        enum = type_[5:]
        if not isinstance(value, str) or value not in ENUMS.get(enum, {value}):
            out.append(invalid_value(path, enum_type_name(enum), value))
        return
    if type_ == "int":
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        ) or (isinstance(value, str) and re.fullmatch(r"-?\d+", value))
        if not ok:
            out.append(invalid_value(path, "TYPE_INT32", value))
        return
    if type_ == "num":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            out.append(invalid_value(path, "TYPE_FLOAT", value))
        return
    if type_ == "bool":
        if not isinstance(value, bool):
            out.append(invalid_value(path, "TYPE_BOOL", value))
        return
    if type_ == "str":
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            out.append(invalid_value(path, "TYPE_STRING", value))
        return
    fields = MESSAGES.get(type_)
    if fields is None:
        return
    if not isinstance(value, dict):
        out.append(invalid_value(path, f"type.googleapis.com/google.apps.sheets.v4.{type_}", value))
        return
    for key, item in value.items():
        if key not in fields:
            out.append(unknown_name(key, path or None))
            continue
        child = f"{path}.{snake(key)}" if path else snake(key)
        _check(item, fields[key], child, out)


def validate(body: Any, message: str, root: str = "") -> None:
    """Raise Google's 400 for unknown names / bad enum values in ``body``."""
    problems: list = []
    _check(body, message, root, problems)
    if problems:
        raise field_violations(problems)


def request_kind(req: Any, index: int) -> str:
    """The single request type inside ``requests[index]``."""
    kinds = [k for k, v in req.items() if v is not None] if isinstance(req, dict) else []
    if len(kinds) != 1:
        from .errors import bad_request

        if not kinds:
            raise bad_request(f"Invalid requests[{index}]: No request set.")
        raise bad_request(
            f"Invalid value at 'requests[{index}]' (oneof), oneof field 'kind' is already set. "
            f"Cannot set '{kinds[1]}'"
        )
    return kinds[0]
