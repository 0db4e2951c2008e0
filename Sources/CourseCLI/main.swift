import Workbook
print("course: under construction")
