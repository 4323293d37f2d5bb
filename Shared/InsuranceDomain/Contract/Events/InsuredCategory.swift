/// Who is insured (参保对象).
public enum InsuredCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case pupil
    case universityStudent = "university_student"
    case childNotInSchool = "child_not_in_school"
}
